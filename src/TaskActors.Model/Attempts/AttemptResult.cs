namespace TaskActors.Model.Attempts;

/// <summary>How an attempt ended, as its runner saw it.</summary>
public enum AttemptResultKind
{
    /// <summary>Exit code 0, or the handler (or a wasm guest's <c>_start</c>) returned.</summary>
    Succeeded,

    /// <summary>Non-zero exit, killed by a signal, could not start, the handler threw, or a wasm guest trapped.</summary>
    Failed,

    /// <summary>Stopped because the attempt's cancellation token fired (the attempt actor knows why: <see cref="AttemptStopReason"/>).</summary>
    Canceled,
}

/// <summary>
/// The end of one attempt as a runner reports it; <see cref="Commands.TaskDecider.AttemptEnded"/> turns it into the
/// attempt's <c>AttemptFinished</c>.
/// </summary>
/// <param name="Kind">How it ended.</param>
/// <param name="ExitCode">The process exit code (a wasm guest's <c>proc_exit</c> code), if any.</param>
/// <param name="Error">Why it failed or how it was stopped, if it did not succeed.</param>
/// <param name="Pid">The OS process id, for subprocesses.</param>
/// <param name="Signal">The signal that ended the process (e.g. <c>SIGKILL</c>), if one did.</param>
/// <param name="StdoutTail">The last bytes of standard output (bounded).</param>
/// <param name="StderrTail">The last bytes of standard error (bounded).</param>
public sealed record AttemptResult(
    AttemptResultKind Kind,
    int? ExitCode = null,
    string? Error = null,
    int? Pid = null,
    string? Signal = null,
    string? StdoutTail = null,
    string? StderrTail = null)
{
    /// <summary>A successful attempt with no details.</summary>
    public static AttemptResult Success { get; } = new(AttemptResultKind.Succeeded);

    /// <summary>A failed attempt with <paramref name="error"/>.</summary>
    public static AttemptResult Failure(string error, int? exitCode = null) => new(AttemptResultKind.Failed, exitCode, error);
}
