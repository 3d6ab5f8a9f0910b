using System.ComponentModel;
using System.Diagnostics;
using TaskActors.Model.Attempts;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;

namespace TaskActors.Runners;

/// <summary>
/// Runs <see cref="SubprocessWorkload"/>s as OS processes (runner name <c>subprocess</c>). An attempt actor calls
/// <see cref="RunAsync"/> once per attempt and gets back an <see cref="AttemptResult"/> with the exit code, the pid,
/// the signal if one killed the process, and bounded tails of stdout and stderr.
/// </summary>
/// <remarks>
/// <para>
/// Outcomes: exit 0 → Succeeded; non-zero → Failed with error <c>exit code N</c> (Succeeded with the code recorded
/// when <see cref="SubprocessWorkload.FailOnNonZero"/> is false); killed by a signal → Failed naming it, whatever
/// <c>FailOnNonZero</c> says (see <see cref="ExitStatus"/> for how a signal is recognised on Linux); cannot start
/// (program missing or not executable, working directory missing) → Failed with the OS error, never an exception.
/// </para>
/// <para>
/// Cancellation: when the token fires the whole process tree is killed (<c>Process.Kill(entireProcessTree: true)</c>,
/// SIGKILL) and <see cref="AttemptResultKind.Canceled"/> is returned once the process has exited. Descendants that
/// already left the tree (daemonized, re-parented to init after their parent exited) are out of reach.
/// </para>
/// <para>
/// Output: stdout and stderr are read asynchronously as they are written (a chatty child never blocks on a full
/// pipe), keeping only the last <see cref="TailBytes"/> bytes of each. Stdin is closed at once (the child sees end
/// of input). After the process exits, output still buffered is drained; if a background grandchild keeps a pipe
/// open, the runner stops reading after 2 s and reports what it has.
/// </para>
/// <para>How commands and scripts are started, and the environment they get, is described on <see cref="SubprocessLaunch"/>.</para>
/// </remarks>
public sealed class SubprocessRunner : ITaskRunner
{
    /// <summary>The default size of each output tail: 4 KiB.</summary>
    public const int DefaultTailBytes = 4 * 1024;

    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KilledExitTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<EnvVar> _env;

    /// <summary>Creates the runner of this node.</summary>
    /// <param name="labels">The runner's labels, matched against task runner selectors; null = none.</param>
    /// <param name="env">The runner's environment, given to every process; it wins over the task's env.</param>
    /// <param name="tailBytes">How many of the last bytes of stdout and of stderr to keep (each); 0 keeps none.</param>
    public SubprocessRunner(Labels? labels = null, IEnumerable<EnvVar>? env = null, int tailBytes = DefaultTailBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tailBytes);
        Labels = labels ?? Labels.Empty;
        _env = env?.ToArray() ?? [];
        TailBytes = tailBytes;
    }

    /// <inheritdoc />
    public string Name => "subprocess";

    /// <inheritdoc />
    public Labels Labels { get; }

    /// <summary>The runner's environment (wins over a task's env).</summary>
    public IReadOnlyList<EnvVar> Env => _env;

    /// <summary>The most bytes kept of each of stdout and stderr.</summary>
    public int TailBytes { get; }

    /// <inheritdoc />
    public bool Supports(Workload workload) => workload is SubprocessWorkload;

    /// <inheritdoc />
    /// <remarks>Any subprocess workload is runnable here; whether its program exists is only known when it starts.</remarks>
    public string? CheckRunnable(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return Supports(workload) ? null : $"the subprocess runner does not run {workload.Kind} workloads";
    }

    /// <inheritdoc />
    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workload is not SubprocessWorkload workload)
        {
            return AttemptResult.Failure($"the subprocess runner does not run {context.Workload.Kind} workloads");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptResultKind.Canceled, Error: "canceled before the process started");
        }

        using var launch = SubprocessLaunch.Prepare(workload, context, _env, out var error);
        if (launch is null)
        {
            return AttemptResult.Failure(error ?? "cannot prepare the process");
        }

        using var process = new Process { StartInfo = launch.StartInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            // e.g. "An error occurred trying to start process 'x' with working directory '/w'. No such file or directory"
            return AttemptResult.Failure(e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or PlatformNotSupportedException)
        {
            return AttemptResult.Failure($"cannot start '{launch.Program}': {e.Message}");
        }

        var pid = process.Id;
        CloseQuietly(process.StandardInput);

        var stdout = new OutputTail(TailBytes);
        var stderr = new OutputTail(TailBytes);
        using var stopReading = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            stdout.PumpAsync(process.StandardOutput.BaseStream, stopReading.Token),
            stderr.PumpAsync(process.StandardError.BaseStream, stopReading.Token));

        var exited = process.WaitForExitAsync(CancellationToken.None);
        var canceled = false;
        if (!exited.IsCompleted)
        {
            var cancelSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), cancelSignal))
            {
                canceled = await Task.WhenAny(exited, cancelSignal.Task).ConfigureAwait(false) != exited;
            }
        }

        if (canceled)
        {
            KillTree(process);
            try
            {
                await exited.WaitAsync(KilledExitTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await stopReading.CancelAsync().ConfigureAwait(false);
                return new AttemptResult(
                    AttemptResultKind.Canceled,
                    Error: $"canceled: process {pid} did not exit within {KilledExitTimeout.TotalSeconds:0} s of SIGKILL; abandoned",
                    Pid: pid,
                    Signal: "SIGKILL",
                    StdoutTail: stdout.ToText(),
                    StderrTail: stderr.ToText());
            }
        }

        try
        {
            await pumps.WaitAsync(OutputDrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A descendant outside our reach still holds a pipe open: stop reading and keep what arrived.
            await stopReading.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
        }

        var exitCode = process.ExitCode;
        var stdoutTail = stdout.ToText();
        var stderrTail = stderr.ToText();
        if (canceled)
        {
            return new AttemptResult(
                AttemptResultKind.Canceled, exitCode, $"canceled: process tree of {pid} killed (SIGKILL)", pid, "SIGKILL", stdoutTail, stderrTail);
        }

        if (ExitStatus.SignalOf(exitCode) is { } signal)
        {
            return new AttemptResult(
                AttemptResultKind.Failed, exitCode, $"killed by signal {signal} (exit code {exitCode})", pid, signal, stdoutTail, stderrTail);
        }

        return exitCode != 0 && workload.FailOnNonZero
            ? new AttemptResult(AttemptResultKind.Failed, exitCode, $"exit code {exitCode}", pid, null, stdoutTail, stderrTail)
            : new AttemptResult(AttemptResultKind.Succeeded, exitCode, null, pid, null, stdoutTail, stderrTail);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Could not be signalled (it may have just exited); waiting for its exit decides.
        }
        catch (AggregateException)
        {
            // Some descendant could not be killed; the direct child was.
        }
    }

    private static void CloseQuietly(StreamWriter input)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // The child exited before we closed its stdin.
        }
    }
}
