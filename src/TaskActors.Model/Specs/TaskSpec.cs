using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Specs;

/// <summary>
/// The desired state of a task, as the user wrote it: what to run, where, and how to restart it. Immutable.
/// Build one with <see cref="TaskSpec.Builder"/> (validates) or read one from a manifest; the runtime
/// validates again at submit with <see cref="TaskSpecValidator"/>.
/// </summary>
/// <param name="Slot">The admission key: at most one active task per slot.</param>
/// <param name="Workload">What each attempt runs.</param>
/// <param name="TimeoutMs">Per-attempt timeout in milliseconds (&gt; 0); at expiry the attempt ends Timeout.</param>
/// <param name="Restart">When another attempt follows.</param>
/// <param name="Backoff">The delay before a retry after a failure.</param>
/// <param name="MaxRetries">Retries allowed in one failure streak (3 = at most 4 failing attempts in a row); null = unlimited.</param>
/// <param name="Admission">What happens when the slot is busy.</param>
/// <param name="RunnerSelector">Which runners may run the task (their labels must match); null = any.</param>
/// <param name="Labels">The task's own labels, for listing and watching.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TaskJsonConverters.Spec))]
public sealed record TaskSpec(
    Slot Slot,
    Workload Workload,
    long TimeoutMs,
    RestartPolicy Restart,
    BackoffPolicy Backoff,
    int? MaxRetries,
    AdmissionPolicy Admission,
    LabelSelector? RunnerSelector,
    Labels Labels)
{
    /// <summary>Starts a builder with the documented defaults for everything but slot and workload.</summary>
    public static TaskSpecBuilder Builder(string slot, Workload workload) => new(slot, workload);

    /// <summary>The per-attempt timeout as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);

    /// <summary>
    /// How long a stopped attempt (cancel, timeout, replace, node shutdown) gets between the polite request and the
    /// firm one, in milliseconds (0 to <see cref="PolicyDefaults.MaxStopGracePeriodMs"/>; default
    /// <see cref="PolicyDefaults.StopGracePeriodMs"/>): a subprocess's process group gets SIGTERM, then SIGKILL after
    /// this long; a handler's token fires, and it is abandoned after this long (at most the handler runner's own grace).
    /// </summary>
    public long StopGracePeriodMs { get; init; } = PolicyDefaults.StopGracePeriodMs;

    /// <summary>The stop grace period as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan StopGracePeriod => TimeSpan.FromMilliseconds(StopGracePeriodMs);

    /// <summary>What follows an attempt ended by the node (graceful stop, crash recovery); see <see cref="InterruptionPolicy"/>.</summary>
    public InterruptionPolicy OnInterruption { get; init; } = PolicyDefaults.OnInterruption;
}
