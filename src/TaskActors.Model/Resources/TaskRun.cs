namespace TaskActors.Model.Resources;

/// <summary>
/// The record of one attempt, kept with its task (oldest first). Open (<see cref="IsActive"/>) from
/// <c>AttemptStarted</c> until <c>AttemptFinished</c>.
/// </summary>
/// <param name="Attempt">1-based attempt number; never repeats within a task.</param>
/// <param name="Phase">Running while open, then the attempt's outcome (Succeeded, Failed, Timeout, Canceled).</param>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="FinishedAt">When it finished, or null while it runs.</param>
/// <param name="ExitCode">Process exit code, if any.</param>
/// <param name="Error">Why it failed, if it did.</param>
/// <param name="Runner">The runner that ran it.</param>
/// <param name="Node">The node it ran on.</param>
/// <param name="Pid">The OS process id, for subprocess attempts.</param>
/// <param name="Signal">The signal that killed the process, if one did (e.g. SIGKILL).</param>
/// <param name="StdoutTail">The last bytes of standard output (bounded by the runner).</param>
/// <param name="StderrTail">The last bytes of standard error (bounded by the runner).</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TaskJsonConverters.Run))]
public sealed record TaskRun(
    int Attempt,
    TaskPhase Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt = null,
    int? ExitCode = null,
    string? Error = null,
    string? Runner = null,
    string? Node = null,
    int? Pid = null,
    string? Signal = null,
    string? StdoutTail = null,
    string? StderrTail = null)
{
    /// <summary>True while the attempt has not finished.</summary>
    public bool IsActive => FinishedAt is null;

    /// <summary>How long the attempt ran, once finished.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
