using System.Globalization;
using Akka.Configuration;
using TaskActors.Model.Workloads;

namespace TaskActors.Runners;

/// <summary>
/// How a node's <see cref="WasmRunner"/> finds and confines modules, read from <c>task-actors.wasm</c> (every key is
/// documented in <c>hocon/task-actors.reference.conf</c>) or built in code. Immutable.
/// </summary>
/// <param name="ModulesDirectory">Where a relative <see cref="WasmWorkload.Module"/> path is resolved (a full path).</param>
/// <param name="DefaultMemoryLimitBytes">How large a module instance's linear memory may grow when its task sets no <c>memoryLimitMiB</c>.</param>
/// <param name="MaxMemoryLimitBytes">The largest <c>memoryLimitMiB</c> a task may ask for; a task asking for more is rejected at submit.</param>
/// <param name="ModuleCacheSize">How many compiled modules are kept (by content hash); the least recently used is dropped beyond it.</param>
/// <param name="StopGrace">
/// How long a canceled guest may take to stop. A guest running WebAssembly code stops at once (epoch interruption);
/// only one blocked inside a host call (a WASI sleep) can outlast this, and its attempt is then abandoned.
/// </param>
public sealed record WasmRunnerSettings(
    string ModulesDirectory,
    long DefaultMemoryLimitBytes,
    long MaxMemoryLimitBytes,
    int ModuleCacheSize,
    TimeSpan StopGrace)
{
    /// <summary>One mebibyte, the unit of <see cref="WasmWorkload.MemoryLimitMiB"/>.</summary>
    public const long MiB = 1024 * 1024;

    /// <summary>The defaults of the reference configuration, with modules resolved against <paramref name="modulesDirectory"/>.</summary>
    public static WasmRunnerSettings Default(string? modulesDirectory = null) =>
        new(ResolveDirectory(modulesDirectory), 256 * MiB, 4096 * MiB, 64, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Reads <c>task-actors.wasm</c> from a config that has the reference configuration as its fallback; an empty
    /// <c>modules-directory</c> is the process's current directory. Throws <see cref="ArgumentException"/> naming the
    /// key for a value out of range.
    /// </summary>
    public static WasmRunnerSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetConfig("task-actors.wasm") ?? throw new ArgumentException("missing task-actors.wasm section", nameof(config));
        var defaults = Default();
        var settings = new WasmRunnerSettings(
            ResolveDirectory(section.GetString("modules-directory", string.Empty)),
            section.GetByteSize("default-memory-limit", defaults.DefaultMemoryLimitBytes) ?? defaults.DefaultMemoryLimitBytes,
            section.GetByteSize("max-memory-limit", defaults.MaxMemoryLimitBytes) ?? defaults.MaxMemoryLimitBytes,
            section.GetInt("module-cache-size", defaults.ModuleCacheSize),
            section.GetTimeSpan("stop-grace", defaults.StopGrace));
        settings.Check("task-actors.wasm.");
        return settings;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range (keys prefixed with <paramref name="prefix"/>).</summary>
    public void Check(string prefix = "")
    {
        if (DefaultMemoryLimitBytes < 1)
        {
            throw new ArgumentException($"{prefix}default-memory-limit must be at least 1 byte, got {DefaultMemoryLimitBytes}");
        }

        if (MaxMemoryLimitBytes < DefaultMemoryLimitBytes)
        {
            throw new ArgumentException(
                $"{prefix}max-memory-limit ({MaxMemoryLimitBytes} bytes) must not be below default-memory-limit ({DefaultMemoryLimitBytes} bytes)");
        }

        if (ModuleCacheSize < 1)
        {
            throw new ArgumentException($"{prefix}module-cache-size must be at least 1, got {ModuleCacheSize}");
        }

        if (StopGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"{prefix}stop-grace must not be negative, got {StopGrace}");
        }
    }

    /// <summary>The memory limit of one attempt of <paramref name="workload"/>, in bytes.</summary>
    public long MemoryLimitOf(WasmWorkload workload) =>
        workload.MemoryLimitMiB is { } mib ? mib * MiB : DefaultMemoryLimitBytes;

    /// <summary>Formats a byte count as <c>16 MiB</c> (or bytes when it is not a whole number of MiB).</summary>
    internal static string FormatBytes(long bytes) =>
        bytes % MiB == 0
            ? (bytes / MiB).ToString(CultureInfo.InvariantCulture) + " MiB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

    private static string ResolveDirectory(string? directory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? Directory.GetCurrentDirectory() : directory);
}
