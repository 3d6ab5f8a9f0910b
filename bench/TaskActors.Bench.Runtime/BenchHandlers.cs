using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Runners;

namespace TaskActors.Bench.Runtime;

/// <summary>The benchmark's handlers and task specs.</summary>
public static class BenchHandlers
{
    /// <summary>Prefix of the ids of the cold-start store's active tasks (the only ones a restart should wake).</summary>
    public const string ActivePrefix = "active-";

    /// <summary>The node's runners: only the handler runner, with <c>noop</c> and <c>wait</c>.</summary>
    public static RunnerSet Runners() =>
        new(new HandlerRunner(new HandlerRegistry([HandlerRegistration.For<NoopHandler>("noop"), HandlerRegistration.For<WaitHandler>("wait")])));

    /// <summary>
    /// A one-shot task (restart never) with the no-op handler. Each task has a slot of its own, so slot admission
    /// (default dropIfRunning) never serializes or rejects the benchmark's concurrent tasks.
    /// </summary>
    public static TaskSpec OneShot(string slot) => TaskSpec.Builder(slot, HandlerWorkload.Create("noop")).Build();

    /// <summary>
    /// A task that stays active: the <c>wait</c> handler runs until canceled, the timeout is 365 days, restart
    /// onFailure with a fixed 1 ms backoff, so an attempt interrupted by a crash is closed as Failed and the next
    /// attempt starts 1 ms later.
    /// </summary>
    public static TaskSpec Waiting(string slot) =>
        TaskSpec.Builder(slot, HandlerWorkload.Create("wait"))
            .Restart(RestartPolicy.OnFailure)
            .Backoff(new BackoffPolicy(JitterPolicy.None, 1, 1, 1.0))
            .TimeoutMs(PolicyDefaults.MaxDurationMs)
            .Build();

    /// <summary>Returns at once.</summary>
    public sealed class NoopHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Waits until canceled.</summary>
    public sealed class WaitHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
