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
/// Fencing (Linux): each attempt runs in a process group of its own under a small supervisor
/// (<see cref="SubprocessSupervisor"/>) that stops the group when this node dies, so an attempt cannot outlive its
/// node; the group id (= the reported <see cref="AttemptResult.Pid"/>, the supervisor's pid) and its start time are
/// reported through <see cref="AttemptContext.ProcessStarted"/> for the journal. When the attempt's main process
/// exits, whatever it left in its group (background children) is killed. A descendant that moves itself to another
/// process group or session (<c>setsid</c>, a daemon) leaves the fence. With the node's pulse on
/// (<c>task-actors.runtime.fence.pulse</c>, <see cref="SupervisorPulse"/>) the supervisor also stops the group when the
/// node falls silent (frozen, paused, cut off) for the pulse timeout; the runner then sees, once its node runs again,
/// an attempt killed by a signal whose stderr tail ends with <c>taskactors: node silent for Ns, attempt fenced</c>.
/// </para>
/// <para>
/// Cancellation (cancel, timeout, replace, node shutdown): stop politely, then firmly — SIGTERM to the attempt's
/// process group, up to <see cref="AttemptContext.StopGracePeriod"/> (the task's <c>stopGracePeriodMs</c>) for it to
/// exit, then SIGKILL to the group; <see cref="AttemptResultKind.Canceled"/> is returned once it has exited, with
/// <see cref="AttemptResult.Signal"/> naming the signal that ended it (<c>SIGTERM</c> or <c>SIGKILL</c>). Where there
/// is no supervisor (not Linux, no <c>setsid</c>) the process tree is killed at once
/// (<c>Process.Kill(entireProcessTree: true)</c>, SIGKILL).
/// </para>
/// <para>
/// Output: stdout and stderr are read asynchronously as they are written (a chatty child never blocks on a full
/// pipe), keeping only the last <see cref="TailBytes"/> bytes of each. The workload's stdin is end of input at once
/// (<c>/dev/null</c> under the supervisor). After the process exits, output still buffered is drained; if a background grandchild keeps a pipe
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

        var fenced = SubprocessSupervisor.IsAvailable;
        var startInfo = launch.StartInfo;
        if (fenced)
        {
            startInfo = SubprocessSupervisor.Wrap(launch.StartInfo, context.StopGracePeriod, context.Pulse?.Timeout, out error);
            if (startInfo is null)
            {
                return AttemptResult.Failure(error ?? "cannot start the process");
            }
        }

        using var process = new Process { StartInfo = startInfo };
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
        IDisposable? pulsed = null;
        if (fenced)
        {
            // The supervisor's stdin is the fence: it stays open (held by this node) until the attempt is over, and
            // with the pulse on it hears a byte every pulse interval.
            try
            {
                pulsed = context.Pulse?.Register(process.StandardInput.BaseStream);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Never an attempt that its supervisor would stop for a silence that is not the node's.
                if (!ProcessGroups.Signal(pid, ProcessGroups.SigKill))
                {
                    ProcessGroups.SignalProcess(pid, ProcessGroups.SigKill);
                }

                return AttemptResult.Failure($"cannot start '{launch.Program}': {e.Message}");
            }

            if (ProcessGroups.Stat(pid) is { } stat)
            {
                context.ProcessStarted?.Invoke(pid, stat.StartTime);
            }
        }
        else
        {
            CloseQuietly(process.StandardInput);
        }

        var stdout = new OutputTail(TailBytes);
        var stderr = new OutputTail(TailBytes);
        using var stopReading = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            stdout.PumpAsync(process.StandardOutput.BaseStream, stopReading.Token),
            stderr.PumpAsync(process.StandardError.BaseStream, stopReading.Token));

        using var pulse = pulsed;
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

        string? stopSignal = null;
        if (canceled)
        {
            stopSignal = fenced ? await StopGroupAsync(pid, exited, context.StopGracePeriod).ConfigureAwait(false) : KillTree(process);
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

        if (fenced)
        {
            // Whatever the attempt left behind in its group (background children) ends with it.
            ProcessGroups.Signal(pid, ProcessGroups.SigKill);
            pulse?.Dispose();
            CloseQuietly(process.StandardInput);
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
            var how = stopSignal == "SIGTERM"
                ? $"canceled: process group {pid} stopped after SIGTERM"
                : fenced
                    ? $"canceled: process group {pid} killed (SIGKILL) after the stop grace period of {context.StopGracePeriod.TotalMilliseconds:0} ms"
                    : $"canceled: process tree of {pid} killed (SIGKILL)";
            return new AttemptResult(AttemptResultKind.Canceled, exitCode, how, pid, stopSignal, stdoutTail, stderrTail);
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

    /// <summary>
    /// Stops a fenced attempt: SIGTERM to its process group, up to <paramref name="grace"/> for the supervisor to exit,
    /// then SIGKILL to the group. Returns the signal that ended it.
    /// </summary>
    private static async Task<string> StopGroupAsync(int group, Task exited, TimeSpan grace)
    {
        if (!ProcessGroups.Signal(group, ProcessGroups.SigTerm))
        {
            // Not yet a group (setsid has not run yet) or already gone: signal the process itself.
            ProcessGroups.SignalProcess(group, ProcessGroups.SigTerm);
        }

        try
        {
            await exited.WaitAsync(grace).ConfigureAwait(false);
            return "SIGTERM";
        }
        catch (TimeoutException)
        {
            if (!ProcessGroups.Signal(group, ProcessGroups.SigKill))
            {
                ProcessGroups.SignalProcess(group, ProcessGroups.SigKill);
            }

            return "SIGKILL";
        }
    }

    private static string KillTree(Process process)
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

        return "SIGKILL";
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
