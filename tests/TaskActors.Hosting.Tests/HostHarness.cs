using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Client;
using TaskActors.Model.Resources;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>
/// Real Generic Hosts (Host.CreateApplicationBuilder) with TaskActors added through <c>AddTaskActors</c>, on a temp
/// content root (so the store lands in <c>&lt;root&gt;/data/taskactors.db</c> unless told otherwise). Waits poll the
/// client (no fixed sleeps).
/// </summary>
public sealed class HostHarness : IAsyncDisposable
{
    /// <summary>Keeps the tests' consoles quiet and their attempts short.</summary>
    public const string QuietHocon = "akka.loglevel = WARNING\ntask-actors.runtime.shutdown-grace = 5s";

    private readonly List<IHost> _hosts = [];
    private readonly TempDirectory _contentRoot = new("hosting");

    public string ContentRoot => _contentRoot.Path;

    public IHost Host => _hosts[^1];

    public ITaskClient Client => Host.Services.GetRequiredService<ITaskClient>();

    /// <summary>What the test handlers of the current host reported.</summary>
    public HandlerLog Handlers => Host.Services.GetRequiredService<HandlerLog>();

    public TaskActorsRuntime Runtime => Host.Services.GetRequiredService<TaskActorsRuntime>();

    public ActorSystem System => Host.Services.GetRequiredService<ActorSystem>();

    /// <summary>Builds and starts a host on <see cref="ContentRoot"/>; a second call after <see cref="StopAsync"/> models a restart.</summary>
    public async Task<IHost> StartAsync(Action<TaskActorsOptions>? options = null, Action<TaskActorsBuilder>? taskActors = null, Action<IServiceCollection>? services = null)
    {
        var host = Build(options, taskActors, services);
        await host.StartAsync();
        return host;
    }

    /// <summary>Builds a host on <see cref="ContentRoot"/> without starting it.</summary>
    public IHost Build(Action<TaskActorsOptions>? options = null, Action<TaskActorsBuilder>? taskActors = null, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRoot,
            EnvironmentName = "Test",
            Args = [],
        });
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddTestHandlerServices();
        var added = builder.Services.AddTaskActors(o =>
        {
            o.AddHocon(QuietHocon);
            o.HandlerGracePeriod = TimeSpan.FromSeconds(2);
            options?.Invoke(o);
        });
        added.AddHandler<TestHandlers.RecordingHandler>("record")
            .AddHandler<TestHandlers.FlakyHandler>("flaky")
            .AddHandler<TestHandlers.WaitForCancelHandler>("wait")
            .AddHandler<TestHandlers.BlockFirstAttemptHandler>("block-first");
        taskActors?.Invoke(added);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops the current host gracefully (IHost.StopAsync) and disposes it.</summary>
    public async Task StopAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>Polls the task until <paramref name="condition"/> holds.</summary>
    public Task<TaskResource> WaitFor(string id, Func<TaskResource, bool> condition, string what, TimeSpan? within = null) =>
        WaitFor(Client, id, condition, what, within);

    /// <summary>Polls the task until it is settled (terminal, nothing scheduled).</summary>
    public Task<TaskResource> WaitSettled(string id, TimeSpan? within = null) => WaitFor(id, IsSettled, "settled", within);

    public static bool IsSettled(TaskResource task) => task.IsSettled;

    public static Task<TaskResource> WaitFor(ITaskClient client, string id, Func<TaskResource, bool> condition, string what, TimeSpan? within = null) =>
        Eventually.Value(
            async () => await client.GetAsync(id) is GetResult.Found found ? found.Task : null,
            condition,
            $"task {id} to become {what}",
            within,
            last => $"{last.Phase} attempt {last.Status.Attempt} ({last.Status.Error})");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                // Only a host that started can be stopped (Host.StopAsync of a host whose start failed throws).
                if (host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
                {
                    await host.StopAsync();
                }
            }
            catch (ObjectDisposedException)
            {
                // stopped and disposed by the test
            }

            host.Dispose();
        }

        _contentRoot.Dispose();
    }
}
