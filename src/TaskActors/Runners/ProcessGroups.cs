using System.Globalization;
using System.Runtime.InteropServices;

namespace TaskActors.Runners;

/// <summary>
/// Linux process groups for fenced subprocess attempts: signalling a whole group, reading a process's group and start
/// time from <c>/proc/&lt;pid&gt;/stat</c>, and reaping a group that outlived the node that started it. Used by the
/// <see cref="SubprocessRunner"/> (stop politely, then firmly) and by a TaskActor recovering an attempt whose process
/// group was recorded in the journal (<c>AttemptProcessStarted</c>).
/// </summary>
/// <remarks>
/// A process's start time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, clock ticks since boot) never changes and two
/// processes with the same pid never share it, so a recorded (group id, leader start time) pair names one group for
/// good: when the pid was reused, the start time differs and nothing is signalled. While a group has members its id
/// cannot be reused (the kernel keeps the pid reserved), so a group whose leader is still there with the recorded
/// start time is certainly the recorded group.
/// </remarks>
internal static partial class ProcessGroups
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    private const int Esrch = 3;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>True where process groups are fenced (Linux, with <c>/proc</c>).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroup"/>; false when the group has no member left.</summary>
    public static bool Signal(int processGroup, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processGroup, 2);
        return Kill(-processGroup, signal) == 0 || Marshal.GetLastPInvokeError() != Esrch;
    }

    /// <summary>Sends <paramref name="signal"/> to one process; false when it is gone.</summary>
    public static bool SignalProcess(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 2);
        return Kill(pid, signal) == 0 || Marshal.GetLastPInvokeError() != Esrch;
    }

    /// <summary>What <c>/proc/&lt;pid&gt;/stat</c> says about a process, or null when there is no such process.</summary>
    public static ProcessStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ProcessStat.Parse(text);
    }

    /// <summary>True while some process of the group is alive (not a zombie).</summary>
    public static bool HasLiveMembers(int processGroup)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                Stat(pid) is { ProcessGroup: var group, IsZombie: false } && group == processGroup)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits until the group has no live member or <paramref name="limit"/> passed; true when it is empty.</summary>
    public static async Task<bool> WaitUntilEmptyAsync(int processGroup, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (HasLiveMembers(processGroup))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Stops the recorded group <paramref name="processGroup"/> if it is still the same group: its leader exists with
    /// start time <paramref name="startTime"/>. SIGTERM to the group, up to <paramref name="grace"/> for it to empty,
    /// then SIGKILL, then up to 5 s for the kernel to finish. Never signals anything when the leader is gone or the
    /// pid now belongs to another process (its start time differs).
    /// </summary>
    public static async Task<ReapOutcome> ReapAsync(int processGroup, long startTime, TimeSpan grace)
    {
        if (!IsSupported)
        {
            return ReapOutcome.Unsupported;
        }

        if (processGroup < 2 || Stat(processGroup) is not { } leader || leader.IsZombie && !HasLiveMembers(processGroup))
        {
            return ReapOutcome.NotRunning;
        }

        if (leader.StartTime != startTime || leader.ProcessGroup != processGroup)
        {
            return ReapOutcome.NotTheSameProcess;
        }

        Signal(processGroup, SigTerm);
        if (await WaitUntilEmptyAsync(processGroup, grace).ConfigureAwait(false))
        {
            return ReapOutcome.StoppedBySigterm;
        }

        Signal(processGroup, SigKill);
        return await WaitUntilEmptyAsync(processGroup, TimeSpan.FromSeconds(5)).ConfigureAwait(false)
            ? ReapOutcome.StoppedBySigkill
            : ReapOutcome.StillRunning;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>How <see cref="ProcessGroups.ReapAsync"/> ended.</summary>
internal enum ReapOutcome
{
    /// <summary>Not Linux: nothing was checked.</summary>
    Unsupported,

    /// <summary>No process of the group is alive.</summary>
    NotRunning,

    /// <summary>The recorded pid now belongs to another process (start time differs): nothing was signalled.</summary>
    NotTheSameProcess,

    /// <summary>The group ended within the grace period after SIGTERM.</summary>
    StoppedBySigterm,

    /// <summary>The group needed SIGKILL.</summary>
    StoppedBySigkill,

    /// <summary>Some member was still alive 5 s after SIGKILL (e.g. in uninterruptible sleep).</summary>
    StillRunning,
}

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> that fencing needs.</summary>
/// <param name="State">The state letter (R, S, D, Z, ...).</param>
/// <param name="ProcessGroup">Field 5, the process group id.</param>
/// <param name="Session">Field 6, the session id.</param>
/// <param name="StartTime">Field 22, the start time in clock ticks since boot.</param>
internal sealed record ProcessStat(char State, int ProcessGroup, int Session, long StartTime)
{
    /// <summary>True for a zombie (exited, not yet reaped) or a dead entry.</summary>
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>Parses the text of <c>/proc/&lt;pid&gt;/stat</c>; null when it does not have the expected shape.</summary>
    public static ProcessStat? Parse(string text)
    {
        // "pid (comm) state ppid pgrp session ..." — comm may hold spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return fields.Length > 19 &&
               int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) &&
               int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session) &&
               long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? new ProcessStat(fields[0][0], group, session, start)
            : null;
    }
}
