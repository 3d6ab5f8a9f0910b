using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Client;
using TaskActors.Hosting;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Samples.Worker;

/// <summary>
/// Submits the sample's tasks at start, logs every change of each through <see cref="ITaskClient.WatchAsync(string, long?, CancellationToken)"/>,
/// prints a summary once all have settled, and stops the host (exit code 0 when every task ended as expected).
/// </summary>
public sealed class SampleRun(ITaskClient client, TaskActorsRuntime runtime, IHostApplicationLifetime lifetime, ILogger<SampleRun> log) : BackgroundService
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>What is submitted and how each task should end.</summary>
    private static IReadOnlyList<Planned> Plan()
    {
        var quickRetry = new BackoffPolicy(JitterPolicy.None, 200, 200, 1);
        var subprocess = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? SubprocessWorkload.Command("cmd", "/c", "echo hello from a subprocess")
            : SubprocessWorkload.Command("sh", "-c", "echo hello from a subprocess");
        return
        [
            new("greet", TaskSpec.Builder("greetings", HandlerWorkload.Create("greet", new { name = "world" })).Build(), TaskPhase.Succeeded, 1),
            new("greet-nobody", TaskSpec.Builder("greetings-nobody", HandlerWorkload.Create("greet", new { name = "" })).Build(), TaskPhase.Failed, 1),
            new("flaky", TaskSpec.Builder("flaky", HandlerWorkload.Create("flaky"))
                .Restart(RestartPolicy.OnFailure).Backoff(quickRetry).MaxRetries(5).Build(), TaskPhase.Succeeded, 3),
            new("subprocess", TaskSpec.Builder("tools", subprocess).TimeoutMs(30_000).Build(), TaskPhase.Succeeded, 1),
            // Two tasks in one slot with admission queue: the second waits (Pending) until the first has finished.
            new("report-1", TaskSpec.Builder("reports", HandlerWorkload.Create("greet", new { name = "report 1", delayMs = 500 }))
                .Admission(AdmissionPolicy.Queue).Build(), TaskPhase.Succeeded, 1),
            new("report-2", TaskSpec.Builder("reports", HandlerWorkload.Create("greet", new { name = "report 2" }))
                .Admission(AdmissionPolicy.Queue).Build(), TaskPhase.Succeeded, 1),
        ];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(Deadline);
        var plan = Plan();
        var outcomes = new TaskResource?[plan.Count];
        try
        {
            var node = await runtime.WhenStartedAsync(deadline.Token);
            log.LogInformation("TaskActors is up: node {Node}, store {Store}", node.Settings.NodeName, runtime.StorePath);

            var watches = new List<Task>();
            for (var i = 0; i < plan.Count; i++)
            {
                var planned = plan[i];
                var submitted = await client.SubmitAsync(planned.Spec, cancellationToken: deadline.Token);
                if (!submitted.TryGetTask(out var task))
                {
                    log.LogError("{Name}: not submitted: {Result}", planned.Name, submitted);
                    continue;
                }

                log.LogInformation("{Name}: submitted as {Id} ({Phase})", planned.Name, task.Id, Wire(task.Phase));
                var index = i;
                watches.Add(Task.Run(async () => outcomes[index] = await FollowAsync(planned.Name, task.Id.Value, deadline.Token), deadline.Token));
            }

            await Task.WhenAll(watches);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogError("not every task settled within {Deadline}", Deadline);
        }

        Environment.ExitCode = Summarize(plan, outcomes) ? 0 : 1;
        lifetime.StopApplication();
    }

    /// <summary>Logs every change of the task from its first version on, until it has settled; returns it as settled.</summary>
    private async Task<TaskResource?> FollowAsync(string name, string id, CancellationToken cancellationToken)
    {
        await foreach (var change in client.WatchAsync(id, fromResourceVersion: 0, cancellationToken))
        {
            var task = change.Task;
            log.LogInformation(
                "{Name}: v{Version} {Event} -> {Phase}, attempt {Attempt}{Error}",
                name, task.Metadata.ResourceVersion, change.Event.GetType().Name, Wire(task.Phase), task.Status.Attempt,
                task.Status.Error is { } error ? ": " + error : string.Empty);
            if (!task.Phase.IsTerminal())
            {
                continue;
            }

            // A finished attempt and the restart decision are stored together; the task itself has applied both.
            if (await client.GetAsync(id, cancellationToken) is GetResult.Found { Task: var now } && now.IsSettled)
            {
                return now;
            }
        }

        return null;
    }


    private bool Summarize(IReadOnlyList<Planned> plan, IReadOnlyList<TaskResource?> outcomes)
    {
        var allAsExpected = true;
        log.LogInformation("Summary:");
        for (var i = 0; i < plan.Count; i++)
        {
            var (name, _, expected, attempts) = plan[i];
            var outcome = outcomes[i];
            var ok = outcome is not null && outcome.Phase == expected && outcome.Status.Attempt == attempts;
            allAsExpected &= ok;
            var what = outcome is null ? "did not settle" : $"{Wire(outcome.Phase)} after {outcome.Status.Attempt} attempt(s)";
            log.LogInformation("{Verdict} {Name}: {Outcome} (expected {Expected} after {Attempts})", ok ? "ok" : "FAIL", name, what, Wire(expected), attempts);
        }

        if (allAsExpected)
        {
            log.LogInformation("All tasks settled as expected.");
        }
        else
        {
            log.LogError("Some tasks did not end as expected.");
        }

        return allAsExpected;
    }

    private static string Wire(TaskPhase phase) => phase.ToWireName();

    private sealed record Planned(string Name, TaskSpec Spec, TaskPhase Expected, int Attempts);
}
