namespace TaskActors.Model.Policies;

/// <summary>The documented defaults of a task spec, in one place (the builder and the JSON reader use them).</summary>
public static class PolicyDefaults
{
    /// <summary>Default per-attempt timeout: one hour, so a runaway attempt cannot hold its slot forever.</summary>
    public const long TimeoutMs = 3_600_000;

    /// <summary>Default first backoff delay, in milliseconds.</summary>
    public const long BackoffFirstMs = 1_000;

    /// <summary>Default longest backoff delay, in milliseconds.</summary>
    public const long BackoffMaxMs = 30_000;

    /// <summary>Default backoff growth factor.</summary>
    public const double BackoffFactor = 2.0;

    /// <summary>Default jitter.</summary>
    public const JitterPolicy Jitter = JitterPolicy.Full;

    /// <summary>
    /// Default stop grace period: 5 seconds between SIGTERM and SIGKILL when an attempt is stopped (cancel, timeout,
    /// replace, node shutdown); for handlers, how long a canceled handler may take before it is abandoned. Shorter
    /// than Kubernetes' 30 s so that a node's whole graceful shutdown (<c>task-actors.runtime.shutdown-grace</c>, 10 s)
    /// has time to record the stopped attempts.
    /// </summary>
    public const long StopGracePeriodMs = 5_000;

    /// <summary>The longest stop grace period a spec may ask for: one hour.</summary>
    public const long MaxStopGracePeriodMs = 3_600_000;

    /// <summary>Default interruption policy: an attempt ended by the node is followed by a new one.</summary>
    public const InterruptionPolicy OnInterruption = InterruptionPolicy.Retry;

    /// <summary>Default admission policy.</summary>
    public const AdmissionPolicy Admission = AdmissionPolicy.DropIfRunning;

    /// <summary>Default restart policy: run once.</summary>
    public static RestartPolicy Restart => RestartPolicy.Never;

    /// <summary>Default backoff: full jitter, 1 s doubling up to 30 s.</summary>
    public static BackoffPolicy Backoff => BackoffPolicy.Default;

    /// <summary>
    /// The longest duration any spec field may hold (timeout, interval, backoff), in milliseconds: 365 days. Keeps
    /// every due time and timer representable (a <see cref="TimeSpan"/> or <see cref="DateTimeOffset"/> overflows near
    /// <see cref="long.MaxValue"/> milliseconds).
    /// </summary>
    public const long MaxDurationMs = 365L * 24 * 60 * 60 * 1000;
}
