using System.Diagnostics;

namespace TaskActors.Bench.Compare.Cells;

/// <summary>
/// What the jobs of one cell report, process-wide (Hangfire and Quartz create job instances themselves, so the jobs reach
/// it statically): each job's first start (<see cref="Started"/>, for latency) and each completion seen by the system's
/// own completion hook (<see cref="Done"/>). A phase waits for a number of completions.
/// </summary>
public static class JobRecorder
{
    private static readonly object Gate = new();
    private static long[] s_started = [];
    private static int[] s_attempts = [];
    private static int s_done;
    private static int s_target;
    private static long s_attemptsTotal;
    private static TaskCompletionSource<long> s_allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Room for jobs 0 .. <paramref name="capacity"/>-1.</summary>
    public static void Init(int capacity)
    {
        lock (Gate)
        {
            s_started = new long[capacity];
            s_attempts = new int[capacity];
        }
    }

    /// <summary>Resets the completion count; <see cref="AllDone"/> completes at the <paramref name="target"/>-th <see cref="Done"/>.</summary>
    public static void BeginPhase(int target)
    {
        lock (Gate)
        {
            s_done = 0;
            s_target = target;
            Interlocked.Exchange(ref s_attemptsTotal, 0);
            s_allDone = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the phase's last completion.</summary>
    public static Task<long> AllDone
    {
        get
        {
            lock (Gate)
                return s_allDone.Task;
        }
    }

    public static int DoneCount => Volatile.Read(ref s_done);

    /// <summary>Attempts begun in this phase (counted by <see cref="NextAttempt"/> and <see cref="Started"/>).</summary>
    public static long AttemptsTotal => Interlocked.Read(ref s_attemptsTotal);

    /// <summary>Job <paramref name="index"/> began running (its first start is kept).</summary>
    public static void Started(int index)
    {
        Interlocked.Increment(ref s_attemptsTotal);
        Interlocked.CompareExchange(ref s_started[index], Stopwatch.GetTimestamp(), 0);
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp of job <paramref name="index"/>'s first start, or 0.</summary>
    public static long StartedAt(int index) => Volatile.Read(ref s_started[index]);

    /// <summary>
    /// Counts an attempt of job <paramref name="index"/> in this process and returns its number (1-based), for systems
    /// that do not tell a job its attempt number.
    /// </summary>
    public static int NextAttempt(int index)
    {
        Interlocked.Increment(ref s_attemptsTotal);
        return Interlocked.Increment(ref s_attempts[index]);
    }

    /// <summary>A job completed successfully (called from the system's completion hook).</summary>
    public static void Done()
    {
        var now = Stopwatch.GetTimestamp();
        lock (Gate)
        {
            if (++s_done == s_target)
                s_allDone.TrySetResult(now);
        }
    }
}
