using Akka.Actor;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Client;
using TaskActors.Model.Resources;

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

    public HostHarness()
    {
        ContentRoot = Directory.CreateTempSubdirectory("taskactors-hosting-").FullName;
    }

    public string ContentRoot { get; }

    public IHost Host => _hosts[^1];

    public ITaskClient Client => Host.Services.GetRequiredService<ITaskClient>();

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
        TestHandlers.Register(builder.Services);
        var added = builder.Services.AddTaskActors(o =>
        {
            o.AddHocon(QuietHocon);
            o.HandlerGracePeriod = TimeSpan.FromSeconds(2);
            options?.Invoke(o);
        });
        TestHandlers.AddAll(added);
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

    public static async Task<TaskResource> WaitFor(ITaskClient client, string id, Func<TaskResource, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        TaskResource? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await client.GetAsync(id) is GetResult.Found found)
            {
                last = found.Task;
                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"task {id} did not become {what}; last seen: {last?.Phase} attempt {last?.Status.Attempt} ({last?.Status.Error})");
    }

    /// <summary>Polls <paramref name="check"/> until it returns true.</summary>
    public static async Task Eventually(Func<Task<bool>> check, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await check())
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{what} did not happen in time");
    }

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

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
            // a process of a killed attempt may still hold its cwd for a moment; the temp folder is cleaned by the OS
        }
    }
}
