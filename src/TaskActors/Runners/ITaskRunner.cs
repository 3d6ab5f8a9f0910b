using TaskActors.Model.Attempts;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;

namespace TaskActors.Runners;

/// <summary>
/// Runs one attempt of a workload on this node. An attempt actor calls <see cref="RunAsync"/> once per attempt and
/// reports the returned <see cref="AttemptResult"/> to its TaskActor; runners never touch the journal.
/// </summary>
/// <remarks>
/// Rules: <see cref="RunAsync"/> never throws for a workload problem — a program that cannot start, a non-zero exit,
/// a handler exception all come back as a Failed result with the reason. When <c>cancellationToken</c> fires
/// (timeout, cancel, replace, shutdown) the runner stops the attempt — for a subprocess, the whole process tree —
/// and returns a <see cref="AttemptResultKind.Canceled"/> result once it has really stopped (or was abandoned).
/// </remarks>
public interface ITaskRunner
{
    /// <summary>The runner's name, recorded in each run (<c>subprocess</c>, <c>wasm</c>, <c>handler</c>).</summary>
    string Name { get; }

    /// <summary>The runner's labels, matched against a task's <c>runnerSelector</c>.</summary>
    Labels Labels { get; }

    /// <summary>True when this runner can run <paramref name="workload"/>'s kind.</summary>
    bool Supports(Workload workload);

    /// <summary>
    /// Checks, at submit, whether this runner could ever run <paramref name="workload"/> (e.g. the handler name is
    /// registered); returns the reason it cannot, or null.
    /// </summary>
    string? CheckRunnable(Workload workload);

    /// <summary>Runs one attempt to its end; see the remarks for the cancellation contract.</summary>
    Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken cancellationToken);
}

/// <summary>What a runner gets for one attempt.</summary>
/// <param name="TaskId">The task (also given to subprocesses as <c>TASKACTORS_TASK_ID</c>).</param>
/// <param name="Attempt">The attempt number (also <c>TASKACTORS_ATTEMPT</c>), for de-duplicating side effects.</param>
/// <param name="Workload">What to run.</param>
/// <param name="Node">The node's name, recorded in the run.</param>
public sealed record AttemptContext(TaskId TaskId, int Attempt, Workload Workload, string Node)
{
    /// <summary>
    /// How long a stopped attempt gets between the polite request and the firm one: the task's
    /// <c>stopGracePeriodMs</c> (a subprocess group gets SIGTERM, then SIGKILL after this long; a handler is abandoned
    /// after this long, at most its runner's own grace). Defaults to 5 s when a runner is called directly.
    /// </summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromMilliseconds(Model.Policies.PolicyDefaults.StopGracePeriodMs);

    /// <summary>
    /// Called by the subprocess runner once the attempt's process group is launched, with the group id and its
    /// leader's start time (clock ticks since boot); the attempt actor forwards it to the TaskActor, which records it
    /// (<c>AttemptProcessStarted</c>) so that a successor node can reap the group. Called from the runner's thread.
    /// </summary>
    public Action<int, long>? ProcessStarted { get; init; }

    /// <summary>
    /// The node's pulse when <c>task-actors.runtime.fence.pulse</c> is on (set by the TaskActor from its node), else
    /// null: the subprocess runner launches its supervisor with the pulse's timeout and registers its stdin with it.
    /// </summary>
    internal SupervisorPulse? Pulse { get; init; }
}
