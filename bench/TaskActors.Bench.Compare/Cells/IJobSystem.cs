namespace TaskActors.Bench.Compare.Cells;

/// <summary>The kind of job a workload submits.</summary>
public enum JobKind
{
    /// <summary>Returns at once.</summary>
    Noop,

    /// <summary>Fails on attempts 1 and 2 and succeeds on attempt 3; retried by the system after a backoff.</summary>
    Flaky,

    /// <summary>Records its start time (<see cref="JobRecorder.Started"/>) and returns.</summary>
    Mark,

    /// <summary>Runs the subprocess <c>true</c> and waits for it (TaskActors' wasm cell: a trivial WASI module instead).</summary>
    Process,
}

/// <summary>
/// One system under comparison, as the generic <see cref="CellRunner"/> drives it: started on a fresh store, given jobs,
/// and reporting each successful completion to <see cref="JobRecorder.Done"/> from its own completion hook.
/// </summary>
public interface IJobSystem : IAsyncDisposable
{
    /// <summary>How the system is configured (shown in the report).</summary>
    string Config { get; }

    /// <summary>
    /// How the system runs <paramref name="kind"/> differently from the workload as specified (e.g. a longer backoff
    /// because it cannot express a short one), or null when it runs it as specified.
    /// </summary>
    string? Deviation(JobKind kind, CellRequest request);

    /// <summary>Starts the system on a fresh store in <see cref="CellRequest.Dir"/>; not measured.</summary>
    Task StartAsync(CellRequest request);

    /// <summary>Called after the warm-up, right before the measured phase's clock starts (not measured).</summary>
    Task MeasuredPhaseStartingAsync() => Task.CompletedTask;

    /// <summary>Submits job <paramref name="index"/>; completes when the system acknowledged the submission.</summary>
    Task SubmitAsync(int index, JobKind kind);

    /// <summary>Called once the measured phase is over (not measured): stop, and return figures of the system's own.</summary>
    Task<Dictionary<string, double>> StopAsync(double measuredSeconds);
}
