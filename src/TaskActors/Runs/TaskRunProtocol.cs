using TaskActors.Runners;

namespace TaskActors.Runs;

/// <summary>The messages between a TaskActor and its per-attempt TaskRun child.</summary>
public static class TaskRunProtocol
{
    /// <summary>Why an attempt is being stopped before it ended by itself.</summary>
    public enum StopReason
    {
        /// <summary>The per-attempt timeout expired: the attempt ends Timeout.</summary>
        Timeout,

        /// <summary>The task was canceled, deleted or replaced: the attempt ends Canceled.</summary>
        Cancel,

        /// <summary>The node is shutting down: the attempt ends Failed, interrupted.</summary>
        Shutdown,
    }

    /// <summary>TaskActor → TaskRun: stop the attempt (kill its process tree / cancel its handler) for <paramref name="Reason"/>.</summary>
    /// <param name="Reason">Decides how the attempt's end is recorded.</param>
    public sealed record StopAttempt(StopReason Reason);

    /// <summary>
    /// TaskRun → TaskActor: attempt <paramref name="Attempt"/> ended with <paramref name="Result"/>; when it was
    /// stopped, <paramref name="StoppedFor"/> says why. Sent once, when the work has really stopped.
    /// </summary>
    /// <param name="Attempt">Which attempt.</param>
    /// <param name="Result">What the runner reported.</param>
    /// <param name="StoppedFor">The stop reason, if the attempt was stopped.</param>
    public sealed record AttemptEnded(int Attempt, AttemptResult Result, StopReason? StoppedFor);
}
