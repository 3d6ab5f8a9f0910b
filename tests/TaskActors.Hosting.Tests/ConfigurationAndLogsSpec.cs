using System.Collections.Concurrent;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskActors.Client;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Testing;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace TaskActors.Hosting.Tests;

/// <summary>Options from appsettings (validated at start), Akka's log through ILogger at the app's levels, the startup line, handler failures.</summary>
public sealed class ConfigurationAndLogsSpec
{
    [Fact]
    public async Task Appsettings_bind_the_options_and_runtime_settings_and_code_still_wins()
    {
        await using var harness = new HostHarness();
        var settings = new Dictionary<string, string?>
        {
            ["TaskActors:StorePath"] = "configured/tasks.db",
            ["TaskActors:NodeName"] = "from-appsettings",
            ["TaskActors:RunnerLabels:zone"] = "a",
            ["TaskActors:Runtime:SlotQueueCapacity"] = "7",
            ["TaskActors:Runtime:SnapshotEvery"] = "13",
            ["TaskActors:Runtime:PassivateAfter"] = "00:00:42",
        };
        using var host = Build(harness, settings, o => o.NodeName = "from-code", out var logs);
        await host.StartAsync();

        var node = await host.Services.GetRequiredService<TaskActorsRuntime>().WhenStartedAsync();
        Assert.Equal(7, node.Settings.SlotQueueCapacity);
        Assert.Equal(13, node.Settings.SnapshotEvery);
        Assert.Equal(TimeSpan.FromSeconds(42), node.Settings.PassivateAfter);
        Assert.Equal("from-code", node.Settings.NodeName);
        var store = Path.Combine(harness.ContentRoot, "configured", "tasks.db");
        Assert.True(File.Exists(store));
        Assert.Contains(logs.Entries, e => e.Category == "TaskActors.Hosting" &&
                                           e.Message.StartsWith($"TaskActors started: store {store}, node from-code, runner labels zone=a, handlers ", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task Bad_values_stop_the_start_with_every_problem_and_its_appsettings_path()
    {
        await using var harness = new HostHarness();
        using var host = Build(harness, new Dictionary<string, string?>
        {
            ["TaskActors:Runtime:SlotQueueCapacity"] = "0",
            ["TaskActors:Runtime:PassivateAfter"] = "00:00:00",
            ["TaskActors:RunnerLabels:bad key!"] = "x",
        }, null, out _);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("TaskActors:Runtime:SlotQueueCapacity: must be at least 1, got 0", failure.Failures);
        Assert.Contains("TaskActors:Runtime:PassivateAfter: must be more than zero, got 00:00:00", failure.Failures);
        Assert.Contains(failure.Failures, f => f.StartsWith("TaskActors:RunnerLabels", StringComparison.Ordinal) && f.Contains("bad key!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Akka_logs_through_ILogger_at_the_app_s_levels_and_a_failing_handler_is_logged_with_its_task_and_attempt()
    {
        await using var harness = new HostHarness();
        using var host = Build(harness, [], null, out var logs, logging => logging.AddFilter("Akka", LogLevel.Debug));
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal("DEBUG", system.Settings.LogLevel.ToUpperInvariant());
        Assert.Contains(system.Settings.Loggers, l => l.Contains("LoggerFactoryLogger", StringComparison.Ordinal));
        system.Log.Log(Akka.Event.LogLevel.WarningLevel, null, "a warning from Akka's own log");

        var client = host.Services.GetRequiredService<ITaskClient>();
        Assert.IsType<SubmitResult.Accepted>(await client.SubmitAsync(TaskSpec.Builder("logs", HandlerWorkload.Create("flaky")).Build(), "logs-1"));
        await HostHarness.WaitFor(client, "logs-1", HostHarness.IsSettled, "settled");

        await Eventually.Until(() => logs.Entries.Any(e => e.Message.Contains("a warning from Akka's own log", StringComparison.Ordinal)), "Akka's warning in ILogger");
        var failure = Assert.Single(logs.Entries, e => e.Message.StartsWith("Handler flaky failed", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Contains("task logs-1, attempt 1", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(failure.Exception);
        await host.StopAsync();
    }

    private static IHost Build(HostHarness harness, Dictionary<string, string?> settings, Action<TaskActorsOptions>? code, out RecordingLogs logs,
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = harness.ContentRoot, EnvironmentName = "Test", Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        var recording = new RecordingLogs();
        builder.Logging.AddProvider(recording);
        logging?.Invoke(builder.Logging);
        builder.Services.AddTestHandlerServices();
        builder.Services.AddTaskActors(builder.Configuration.GetSection(TaskActorsOptions.SectionName), code)
            .AddHandler<TestHandlers.NoopHandler>("noop")
            .AddHandler<TestHandlers.FlakyHandler>("flaky")
            .AddHandler<TestHandlers.RecordingHandler>("record");
        logs = recording;
        return builder.Build();
    }

    /// <summary>Every log entry of the host, in memory.</summary>
    private sealed class RecordingLogs : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

        private sealed class Logger(RecordingLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
