using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;

namespace TaskActors.Model.Events;

/// <summary>
/// A fact in a task's journal. The TaskActor persists these (one task = one persistence id) before acting on
/// them, and <see cref="State.TaskState.Apply"/> folds them into the task's state; replay of the same events
/// always gives the same state. Every event says when it happened, so replay never reads a clock.
/// </summary>
public interface ITaskEvent
{
    /// <summary>When the event happened (UTC).</summary>
    DateTimeOffset At { get; }
}

/// <summary>The task was accepted: resourceVersion 1, phase Pending. Always the first event of a task.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Spec">The validated spec.</param>
/// <param name="At">When it was accepted.</param>
/// <param name="Admitted">
/// True when its slot admitted it at once; false when it waits in its slot's queue (it starts only after
/// <see cref="TaskAdmitted"/>).
/// </param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the submitter's trace (the client's submit span), when it had one: every attempt's span
/// links to it, also after a restart, because it is stored with the task.
/// </param>
public sealed record TaskCreated(TaskId Id, TaskSpec Spec, DateTimeOffset At, bool Admitted = true, string? TraceParent = null) : ITaskEvent;

/// <summary>A task waiting in its slot's queue became the slot's owner and may start its first attempt.</summary>
/// <param name="At">When.</param>
public sealed record TaskAdmitted(DateTimeOffset At) : ITaskEvent;

/// <summary>
/// Attempt <paramref name="Attempt"/> started (persisted before its TaskRun child is spawned): phase Running,
/// a new open run record.
/// </summary>
/// <param name="Attempt">The attempt number: the previous attempt + 1.</param>
/// <param name="At">When it started.</param>
/// <param name="Runner">The runner chosen for it.</param>
/// <param name="Node">The node it runs on.</param>
public sealed record AttemptStarted(int Attempt, DateTimeOffset At, string? Runner = null, string? Node = null) : ITaskEvent;

/// <summary>
/// Attempt <paramref name="Attempt"/> finished with <paramref name="Outcome"/> (Succeeded, Failed, Timeout or
/// Canceled): the run record is closed and, unless the task was canceled meanwhile, the task takes the outcome.
/// A late duplicate for an attempt already finished changes nothing but the resourceVersion.
/// </summary>
/// <param name="Attempt">Which attempt.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="At">When it ended.</param>
/// <param name="ExitCode">Process exit code, if any.</param>
/// <param name="Error">Why it failed, if it did.</param>
/// <param name="Pid">OS process id, for subprocesses.</param>
/// <param name="Signal">The signal that killed the process, if any.</param>
/// <param name="StdoutTail">The tail of standard output.</param>
/// <param name="StderrTail">The tail of standard error.</param>
public sealed record AttemptFinished(
    int Attempt,
    TaskPhase Outcome,
    DateTimeOffset At,
    int? ExitCode = null,
    string? Error = null,
    int? Pid = null,
    string? Signal = null,
    string? StdoutTail = null,
    string? StderrTail = null) : ITaskEvent
{
    /// <summary>The error of an attempt that was Running when its node stopped.</summary>
    public const string InterruptedError = "interrupted: node stopped during attempt";

    /// <summary>
    /// True when the node ended the attempt rather than the workload or a user: a graceful stop of the node, or an
    /// attempt found open at recovery (its node crashed). With <c>onInterruption: retry</c> (the default) such an attempt
    /// does not count as a failure and is followed by a new one at once (<see cref="State.RestartDecider"/>). Absent
    /// (false) in journals written before it existed.
    /// </summary>
    public bool Interrupted { get; init; }
}

/// <summary>
/// The process of attempt <paramref name="Attempt"/> was launched (persisted by the TaskActor when the subprocess
/// runner reports the launch, after <see cref="AttemptStarted"/>): the attempt's process group and its leader's start
/// time, so that a node starting on this journal after a crash can find a group that outlived its node and stop it
/// before it runs the task again (the start time tells a surviving group from a reused process id).
/// </summary>
/// <param name="Attempt">Which attempt (the open one; a report for another attempt changes nothing).</param>
/// <param name="ProcessGroup">The process group id (= the pid of the attempt's supervisor, its leader).</param>
/// <param name="StartTime">The leader's start time in clock ticks since boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c> on Linux).</param>
/// <param name="At">When it was launched.</param>
public sealed record AttemptProcessStarted(int Attempt, int ProcessGroup, long StartTime, DateTimeOffset At) : ITaskEvent;

/// <summary>Why another attempt was scheduled.</summary>
public enum RetryReason
{
    /// <summary>The last attempt failed or timed out; the delay was drawn from the backoff policy.</summary>
    Failure,

    /// <summary>The last attempt succeeded and the policy is <c>always</c>; the delay is the interval (0 = at once).</summary>
    Periodic,

    /// <summary>The node ended the last attempt (<c>onInterruption: retry</c>): the next starts at once, whatever the restart policy.</summary>
    Interruption,
}

/// <summary>
/// The next attempt was scheduled: the drawn delay and the due time are persisted, so a restart honours the
/// same due time instead of drawing again, and the history shows why each attempt started when it did.
/// </summary>
/// <param name="Retry">For failures, n of the streak (0 = first retry); for periodic runs, 0.</param>
/// <param name="DelayMs">The drawn delay, in milliseconds.</param>
/// <param name="DueAt">When the next attempt is due: the end of the last attempt + the delay.</param>
/// <param name="Reason">Failure backoff or periodic interval.</param>
/// <param name="At">When the decision was made.</param>
public sealed record RetryScheduled(int Retry, long DelayMs, DateTimeOffset DueAt, RetryReason Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>The retry budget of a failure streak ran out: Failed/Timeout becomes Exhausted (the run keeps its own phase).</summary>
/// <param name="Reason">What ran out and the last error.</param>
/// <param name="At">When.</param>
public sealed record TaskExhausted(string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>
/// The task was canceled (by a client, a replacing submission, or delete): phase Canceled, no further attempt.
/// A running attempt is stopped afterwards and closed by its own <see cref="AttemptFinished"/>.
/// </summary>
/// <param name="Reason">Why (e.g. <c>canceled by client</c>, <c>SupersededByReplace</c>).</param>
/// <param name="At">When.</param>
public sealed record TaskCanceled(string Reason, DateTimeOffset At) : ITaskEvent;

/// <summary>A settled (terminal, nothing scheduled) task was asked to run again: phase Pending, a new failure streak.</summary>
/// <param name="At">When.</param>
/// <param name="Admitted">True when its slot admitted the rerun at once; false when it waits in the slot's queue.</param>
public sealed record TaskRerunRequested(DateTimeOffset At, bool Admitted = true) : ITaskEvent;

/// <summary>The task was deleted: it is canceled if still active, and its events and snapshots are removed after this.</summary>
/// <param name="At">When.</param>
public sealed record TaskDeleted(DateTimeOffset At) : ITaskEvent;
