using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TaskActors.Runners;

/// <summary>
/// Wraps one subprocess attempt in a supervisor that fences it to its node (Linux): the attempt runs in a process group
/// of its own, and that group is stopped when the node dies. Used by <see cref="SubprocessRunner"/>.
/// </summary>
/// <remarks>
/// <para>
/// The launch is <c>setsid /bin/sh -c SCRIPT taskactors-supervisor GRACE program args…</c>. <c>setsid</c> makes the
/// shell the leader of a new session and process group (its pid = the group id: the child .NET starts is not a group
/// leader, so <c>setsid</c> does not fork). The shell starts the workload in the background with stdin from
/// <c>/dev/null</c> (the workload's environment, working directory, stdout and stderr are the shell's, i.e. what
/// <see cref="SubprocessLaunch"/> prepared), ignores SIGTERM itself, and starts a watcher that reads the shell's stdin:
/// a pipe whose only writing end the node holds for the whole attempt. When the node dies in any way (SIGKILL, OOM
/// kill, crash), the kernel closes that end, the watcher reads end-of-file and stops the group: SIGTERM, GRACE
/// seconds, SIGKILL. That stop runs in a process of its own, so it reaches SIGKILL even when the supervisor ends first
/// (its workload died of SIGTERM) and kills the watcher: a descendant that ignores SIGTERM is not left behind. When the workload ends by itself the shell stops the watcher and exits with the workload's
/// status (<c>128 + N</c> when signal N killed it), so the runner reads the exit code as before.
/// </para>
/// <para>
/// With the node's pulse on (<see cref="SupervisorPulse"/>, <see cref="FenceSettings.Pulse"/>) the launch is
/// <c>setsid /bin/bash -c PULSED_SCRIPT taskactors-supervisor GRACE TIMEOUT program args…</c>: the watcher reads its
/// stdin with <c>read -t TIMEOUT</c> (POSIX sh has no timed read, so bash, which Debian marks Essential), and stops
/// the group on end of file as above or when no byte came for TIMEOUT seconds, writing
/// <c>taskactors: node silent for TIMEOUTs, attempt fenced</c> to the attempt's stderr (from a background process,
/// so a full stderr pipe of a frozen node cannot hold up the stop), the stop again in a process of its own. The
/// supervisor's own stderr is <c>/dev/null</c>, so bash's job
/// reports (<c>Killed</c>) never reach the attempt's output. Where <c>/bin/bash</c> is missing an attempt fails to
/// start (it is never run unfenced).
/// </para>
/// <para>
/// The program is resolved on the node's PATH before the launch (as a direct start would), and a program that is
/// missing or not executable fails with the OS error without starting anything.
/// </para>
/// </remarks>
internal static partial class SubprocessSupervisor
{
    private const string Script =
        """
        grace=$1; shift
        exec 3<&0
        "$@" </dev/null 3<&- &
        child=$!
        trap '' TERM INT HUP
        { while read -r _; do :; done; { kill -TERM 0; sleep "$grace"; kill -KILL 0; } & wait; } <&3 >/dev/null 2>&1 &
        watcher=$!
        exec 3<&-
        wait "$child"
        status=$?
        kill -KILL "$watcher" 2>/dev/null
        exit "$status"
        """;

    // The same with the pulse: the watcher stops the group on end of file or after TIMEOUT seconds without a byte.
    private const string PulsedScript =
        """
        grace=$1; timeout=$2; shift 2
        exec 3<&0 4>&2 2>/dev/null
        "$@" </dev/null 2>&4 3<&- 4>&- &
        child=$!
        trap '' TERM INT HUP
        {
          heard=0
          while [ "$heard" -eq 0 ]; do read -r -t "$timeout" _; heard=$?; done
          if [ "$heard" -gt 128 ]; then echo "taskactors: node silent for ${timeout}s, attempt fenced" >&4 & fi
          exec 4>&-
          { kill -TERM 0; sleep "$grace"; kill -KILL 0; } &
          wait
        } <&3 >/dev/null &
        watcher=$!
        exec 3<&- 4>&-
        wait "$child"
        status=$?
        kill -KILL "$watcher"
        exit "$status"
        """;

    /// <summary>The shell that runs the supervisor when the pulse is on.</summary>
    public const string PulsedShell = "/bin/bash";

    private const int XOk = 1;

    /// <summary>The <c>setsid</c> program, or null where there is none (then attempts are not fenced).</summary>
    public static string? SetsidPath { get; } = ProcessGroups.IsSupported ? FindOnPath("setsid") : null;

    /// <summary>True when attempts are launched through the supervisor on this machine.</summary>
    public static bool IsAvailable => SetsidPath is not null && File.Exists("/bin/sh");

    /// <summary>
    /// Turns <paramref name="startInfo"/> (the workload as it would be started directly) into the supervisor's launch
    /// with stop grace <paramref name="grace"/> and, when the node pulses, the silence after which the supervisor stops
    /// the attempt (<paramref name="pulseTimeout"/>); or returns why the program cannot start (<paramref name="error"/>).
    /// </summary>
    public static ProcessStartInfo? Wrap(ProcessStartInfo startInfo, TimeSpan grace, TimeSpan? pulseTimeout, out string? error)
    {
        error = null;
        var program = Resolve(startInfo.FileName, out error);
        if (program is null)
        {
            return null;
        }

        if (pulseTimeout is not null && !File.Exists(PulsedShell))
        {
            error = $"cannot start '{startInfo.FileName}': the pulse fence (task-actors.runtime.fence.pulse = on) needs {PulsedShell}, which this machine lacks";
            return null;
        }

        var wrapped = new ProcessStartInfo(SetsidPath!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = startInfo.RedirectStandardOutput,
            RedirectStandardError = startInfo.RedirectStandardError,
            CreateNoWindow = true,
            WorkingDirectory = startInfo.WorkingDirectory,
        };
        wrapped.ArgumentList.Add(pulseTimeout is null ? "/bin/sh" : PulsedShell);
        wrapped.ArgumentList.Add("-c");
        wrapped.ArgumentList.Add(pulseTimeout is null ? Script : PulsedScript);
        wrapped.ArgumentList.Add("taskactors-supervisor");
        wrapped.ArgumentList.Add(Seconds(grace));
        if (pulseTimeout is { } timeout)
        {
            wrapped.ArgumentList.Add(Seconds(timeout));
        }

        wrapped.ArgumentList.Add(program);
        foreach (var argument in startInfo.ArgumentList)
        {
            wrapped.ArgumentList.Add(argument);
        }

        wrapped.Environment.Clear();
        foreach (var (key, value) in startInfo.Environment)
        {
            wrapped.Environment[key] = value;
        }

        return wrapped;
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The program's path as a direct start would find it, or why it cannot be started.</summary>
    private static string? Resolve(string fileName, out string? error)
    {
        error = null;
        var path = fileName.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(fileName) : FindOnPath(fileName);
        if (path is null)
        {
            error = $"cannot start '{fileName}': not found on the node's PATH (No such file or directory)";
            return null;
        }

        if (Directory.Exists(path))
        {
            error = $"cannot start '{fileName}': Permission denied (a directory)";
            return null;
        }

        if (Access(path, XOk) != 0)
        {
            error = $"cannot start '{fileName}': {Marshal.GetLastPInvokeErrorMessage()}";
            return null;
        }

        return path;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && Access(candidate, XOk) == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
