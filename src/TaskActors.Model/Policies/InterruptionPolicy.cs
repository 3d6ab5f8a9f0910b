namespace TaskActors.Model.Policies;

/// <summary>
/// What follows an attempt that the node ended rather than the workload: a graceful stop of the node (Ctrl+C,
/// SIGTERM, a deploy), or an attempt found open when the node started again after a crash (and, if its process group
/// was still alive, reaped). Serialized as <c>retry</c>, <c>fail</c>.
/// </summary>
/// <remarks>
/// The default, <see cref="Retry"/>, follows Kubernetes' disruption semantics: an interruption is not the workload's
/// failure, so a new attempt starts at once whatever the restart policy says, and the interruption does not count
/// toward <c>maxRetries</c>. A workload that keeps killing its node (e.g. by exhausting its memory) is therefore
/// restarted each time the node comes back; <see cref="Fail"/> opts out.
/// </remarks>
public enum InterruptionPolicy
{
    /// <summary>Start a new attempt at once, regardless of the restart policy; the failure streak is unchanged.</summary>
    Retry,

    /// <summary>Record the interrupted attempt as a failure like any other: the restart policy and <c>maxRetries</c> decide.</summary>
    Fail,
}
