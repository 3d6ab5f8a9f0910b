using TaskActors.Model.Attempts;

namespace TaskActors.Attempts;

/// <summary>The messages between a TaskActor and its per-attempt child, the <see cref="AttemptActor"/>.</summary>
internal static class AttemptProtocol
{
    /// <summary>TaskActor → attempt: stop (kill the process tree / cancel the handler) for <paramref name="Reason"/>.</summary>
    /// <param name="Reason">Decides how the attempt's end is recorded.</param>
    public sealed record StopAttempt(AttemptStopReason Reason);

    /// <summary>
    /// Attempt → TaskActor: the process group of attempt <paramref name="Attempt"/> was launched (subprocess runner);
    /// the TaskActor records it (<c>AttemptProcessStarted</c>) for a successor node to reap. Sent before <see cref="AttemptEnded"/>.
    /// </summary>
    /// <param name="Attempt">Which attempt.</param>
    /// <param name="ProcessGroup">The group id.</param>
    /// <param name="StartTime">The group leader's start time (clock ticks since boot).</param>
    public sealed record AttemptProcessLaunched(int Attempt, int ProcessGroup, long StartTime);

    /// <summary>
    /// Attempt → TaskActor: attempt <paramref name="Attempt"/> ended with <paramref name="Result"/>; when it was stopped,
    /// <paramref name="StoppedFor"/> says why. Sent once, when the work has really stopped.
    /// </summary>
    /// <param name="Attempt">Which attempt.</param>
    /// <param name="Result">What the runner reported.</param>
    /// <param name="StoppedFor">The stop reason, if the attempt was stopped.</param>
    public sealed record AttemptEnded(int Attempt, AttemptResult Result, AttemptStopReason? StoppedFor);
}
