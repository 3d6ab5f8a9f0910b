using Akka.Configuration;
using TaskActors.Persistence;
using TaskActors.Runners;

namespace TaskActors.Tests.Runners;

public sealed class WasmRunnerSettingsSpec
{
    private static WasmRunnerSettings Read(string hocon) =>
        WasmRunnerSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(TaskActorsConfig.ForSqliteInMemory("wasm-settings")));

    [Fact]
    public void The_reference_configuration_gives_the_documented_defaults()
    {
        var settings = Read(string.Empty);

        Assert.Equal(Path.GetFullPath(Directory.GetCurrentDirectory()), settings.ModulesDirectory);
        Assert.Equal(256 * WasmRunnerSettings.MiB, settings.DefaultMemoryLimitBytes);
        Assert.Equal(4096 * WasmRunnerSettings.MiB, settings.MaxMemoryLimitBytes);
        Assert.Equal(64, settings.ModuleCacheSize);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.StopGrace);
        Assert.Equal(WasmRunnerSettings.Default() with { ModulesDirectory = settings.ModulesDirectory }, settings);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = Read("""
            task-actors.wasm {
              modules-directory = "/srv/modules/../wasm"
              default-memory-limit = 32MiB
              max-memory-limit = 1GiB
              module-cache-size = 3
              stop-grace = 250ms
            }
            """);

        Assert.Equal(new WasmRunnerSettings("/srv/wasm", 32 * WasmRunnerSettings.MiB, 1024 * WasmRunnerSettings.MiB, 3, TimeSpan.FromMilliseconds(250)), settings);
    }

    [Theory]
    [InlineData("default-memory-limit = 0", "task-actors.wasm.default-memory-limit must be at least 1 byte, got 0")]
    [InlineData("max-memory-limit = 1MiB", "task-actors.wasm.max-memory-limit (1048576 bytes) must not be below default-memory-limit (268435456 bytes)")]
    [InlineData("module-cache-size = 0", "task-actors.wasm.module-cache-size must be at least 1, got 0")]
    public void A_value_out_of_range_is_rejected_naming_the_key(string hocon, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Read("task-actors.wasm { " + hocon + " }"));

        Assert.Equal(message, error.Message);
    }
}
