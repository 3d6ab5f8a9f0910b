namespace TaskActors.Runners;

/// <summary>
/// Reads a signal out of a process exit code, for the <see cref="SubprocessRunner"/>.
/// </summary>
/// <remarks>
/// <para>
/// .NET 10's <see cref="System.Diagnostics.Process.ExitCode"/> on Linux does not expose the raw wait status: for a
/// child killed by signal N (WIFSIGNALED) it reports <c>128 + N</c> (SIGKILL → 137, SIGTERM → 143), exactly what a
/// child that called <c>exit(128 + N)</c> reports, and exactly what a shell reports when <em>its</em> child was
/// killed. The two cannot be told apart through the Process API. Observing the status ourselves
/// (<c>waitid(…, WNOWAIT)</c> on a side thread) races with the runtime's own SIGCHLD reaper and lost about a third
/// of the time in a measurement, so it would make identical runs report differently; it is not used.
/// </para>
/// <para>
/// So the runner follows the shell convention, deterministically: on Linux an exit code <c>128 + N</c> where N is a
/// signal whose default action terminates the process (HUP, INT, QUIT, ILL, TRAP, ABRT, BUS, FPE, KILL, USR1,
/// SEGV, USR2, PIPE, ALRM, TERM, STKFLT, XCPU, XFSZ, VTALRM, PROF, IO, PWR, SYS) is read as "killed by SIGxxx" and
/// the exit code is kept as well. Codes of signals that cannot kill by default (CHLD, CONT, STOP, TSTP, TTIN, TTOU,
/// URG, WINCH) and of real-time signals stay plain exit codes. A program that deliberately exits 137 is therefore
/// reported as killed by SIGKILL — the same reading Docker and Kubernetes give that code. When the runner itself
/// killed the tree (cancellation) it knows the signal for certain and reports <c>SIGKILL</c>.
/// </para>
/// </remarks>
internal static class ExitStatus
{
    private static readonly string?[] LinuxSignals =
    [
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", null /* CHLD */,
        null /* CONT */, null /* STOP */, null /* TSTP */, null /* TTIN */, null /* TTOU */, null /* URG */,
        "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", null /* WINCH */, "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>The name of the signal that <paramref name="exitCode"/> reports as having killed the process, or null.</summary>
    public static string? SignalOf(int exitCode)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var signal = exitCode - 128;
        return signal > 0 && signal < LinuxSignals.Length ? LinuxSignals[signal] : null;
    }
}
