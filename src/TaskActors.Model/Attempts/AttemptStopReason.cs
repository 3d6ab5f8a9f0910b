namespace TaskActors.Model.Attempts;

/// <summary>Why an attempt was stopped before it ended by itself; decides how its end is recorded.</summary>
public enum AttemptStopReason
{
    /// <summary>The per-attempt timeout expired: the attempt ends Timeout (retryable).</summary>
    Timeout,

    /// <summary>The task was canceled, deleted or replaced: the attempt ends Canceled.</summary>
    Cancel,

    /// <summary>The node is stopping: the attempt ends Failed, interrupted.</summary>
    Shutdown,
}
