using Akka.Actor;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskActors.Hosting;

namespace TaskActors.AspNetCore.Tests;

/// <summary>The health checks on a real node: healthy when it works, unhealthy within seconds when its journal or region stops.</summary>
public sealed class HealthSpec
{
    [Fact]
    public async Task A_working_node_is_healthy_and_serves_its_checks_over_HTTP()
    {
        await using var web = await WebApp.StartAsync(configure: b => b.Services.AddHealthChecks().AddTaskActorsHealthChecks(),
            beforeMap: app => Microsoft.AspNetCore.Builder.HealthCheckEndpointRouteBuilderExtensions.MapHealthChecks(app, "/healthz"));

        var report = await CheckUntilAsync(web, r => r.Entries[TaskActorsHealthChecks.Index].Status == HealthStatus.Healthy);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal([TaskActorsHealthChecks.Index, TaskActorsHealthChecks.Journal, TaskActorsHealthChecks.Runtime], report.Entries.Keys.Order());
        Assert.Equal("Healthy", await web.Http.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task A_stopped_journal_turns_the_journal_check_unhealthy()
    {
        await using var web = await WebApp.StartAsync(configure: b => b.Services.AddHealthChecks().AddTaskActorsHealthChecks(timeout: TimeSpan.FromSeconds(1)));
        // The first probes may miss the 1 s bound while the journal warms up on a loaded machine: wait for a healthy one.
        await CheckUntilAsync(web, r => r.Entries[TaskActorsHealthChecks.Journal].Status == HealthStatus.Healthy);

        var system = web.App.Services.GetRequiredService<ActorSystem>();
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        await journal.GracefulStop(TimeSpan.FromSeconds(5));

        var entry = (await CheckAsync(web)).Entries[TaskActorsHealthChecks.Journal];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("did not store a probe event within 1 s", entry.Description);
    }

    [Fact]
    public async Task A_dead_task_region_turns_the_runtime_check_unhealthy()
    {
        await using var web = await WebApp.StartAsync(configure: b => b.Services.AddHealthChecks().AddTaskActorsHealthChecks(timeout: TimeSpan.FromSeconds(1)));
        var node = await web.App.Services.GetRequiredService<TaskActorsRuntime>().WhenStartedAsync();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(web)).Entries[TaskActorsHealthChecks.Runtime].Status);

        await node.Region.GracefulStop(TimeSpan.FromSeconds(5));

        var entry = (await CheckAsync(web)).Entries[TaskActorsHealthChecks.Runtime];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    private static Task<HealthReport> CheckAsync(WebApp web) =>
        web.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    /// <summary>The index is Degraded while it rebuilds at start: checks again until <paramref name="condition"/> holds.</summary>
    private static async Task<HealthReport> CheckUntilAsync(WebApp web, Func<HealthReport, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var report = await CheckAsync(web);
            if (condition(report))
            {
                return report;
            }

            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
