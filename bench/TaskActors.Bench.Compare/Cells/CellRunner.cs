using System.Diagnostics;
using TaskActors.Bench.Queries;

namespace TaskActors.Bench.Compare.Cells;

/// <summary>
/// Runs workloads 1–4 on any <see cref="IJobSystem"/> the same way: start on a fresh store, a warm-up (JIT tiers,
/// connection pools; not measured), then the measured phase, then stop. The clock of workloads 1, 2 and 4 runs
/// from the first submit to the N-th completion reported by the system's completion hook; workload 3 submits at a
/// fixed rate (open loop: each job's arrival time is fixed in advance and its latency is counted from that time, so a
/// slow submit cannot hide queueing) and measures arrival → first line of the job.
/// </summary>
public static class CellRunner
{
    /// <summary>
    /// Jobs of the same kind run before the measured phase (<c>--arg warmup=N</c>), followed by a quiet pause
    /// (<c>--arg settle-ms=MS</c>): every system's code reaches the JIT's optimized tier and its pools fill before the clock
    /// starts, so the measured phase shows the steady state a long-running host sees (start-up is workload 5's subject).
    /// </summary>
    public const int DefaultWarmupJobs = 200;

    /// <summary>Default quiet time after the warm-up (the runtime promotes hot methods to tier 1 in the background).</summary>
    public const int DefaultSettleMs = 1000;

    public static async Task<CellResult> RunAsync(IJobSystem system, CellRequest request)
    {
        var kind = request.Workload switch
        {
            Workloads.OneShot => JobKind.Noop,
            Workloads.Retry => JobKind.Flaky,
            Workloads.Latency => JobKind.Mark,
            Workloads.Subprocess => JobKind.Process,
            _ => throw new ArgumentException($"workload {request.Workload} is not run by the generic runner"),
        };
        var n = request.N;
        var warmup = request.IntArg("warmup", DefaultWarmupJobs);
        JobRecorder.Init(n + warmup);
        await system.StartAsync(request);
        try
        {
            // Warm-up jobs have the indices after the measured ones.
            JobRecorder.BeginPhase(warmup);
            await Task.WhenAll(Enumerable.Range(n, warmup).Select(i => system.SubmitAsync(i, kind)));
            if (await Task.WhenAny(JobRecorder.AllDone, Task.Delay(request.Timeout)) != JobRecorder.AllDone)
                return await FinishAsync(system, request, kind, CellResult.Failed(request, $"warm-up: {JobRecorder.DoneCount} of {warmup} jobs done within {request.Timeout.TotalSeconds:F0}s", crashed: false), double.NaN);
            await Task.Delay(request.IntArg("settle-ms", DefaultSettleMs));

            await system.MeasuredPhaseStartingAsync();
            var result = kind == JobKind.Mark ? await MeasureLatency(system, request, n) : await MeasureThroughput(system, request, n, kind);
            return await FinishAsync(system, request, kind, result, result.Seconds);
        }
        catch (Exception e)
        {
            return await FinishAsync(system, request, kind, CellResult.Failed(request, $"{e.GetType().Name}: {e.Message}", crashed: true), double.NaN);
        }
    }

    private static async Task<CellResult> FinishAsync(IJobSystem system, CellRequest request, JobKind kind, CellResult result, double seconds)
    {
        Dictionary<string, double> extra;
        try
        {
            extra = await system.StopAsync(seconds);
        }
        catch (Exception e)
        {
            extra = [];
            result = result with { Failure = (result.Failure is null ? string.Empty : result.Failure + "; ") + $"stop failed: {e.Message}", Crashed = true };
        }

        foreach (var (key, value) in result.Extra)
            extra[key] = value;
        return result with { Extra = extra, Config = system.Config, Note = system.Deviation(kind, request), PeakWorkingSetBytes = CellResult.PeakWorkingSet() };
    }

    private static async Task<CellResult> MeasureThroughput(IJobSystem system, CellRequest request, int n, JobKind kind)
    {
        JobRecorder.BeginPhase(n);
        var submits = new Task[n];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            submits[i] = system.SubmitAsync(i, kind);
        }

        var allSubmitted = AcknowledgedAt(Task.WhenAll(submits));
        var done = JobRecorder.AllDone;
        var first = await Task.WhenAny(done, Task.Delay(request.Timeout));
        var end = first == done ? await done : Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        string? failure = first == done ? null : $"timeout after {request.Timeout.TotalSeconds:F0}s with {JobRecorder.DoneCount} of {n} done";
        var submitSeconds = double.NaN;
        try
        {
            submitSeconds = Stopwatch.GetElapsedTime(start, await allSubmitted).TotalSeconds;
        }
        catch (Exception e)
        {
            failure = (failure is null ? string.Empty : failure + "; ") + $"{submits.Count(s => s.IsFaulted)} submits failed: {e.Message}";
        }

        var completed = JobRecorder.DoneCount;
        return new CellResult(
            request.System, request.Workload, n, completed, seconds, completed / seconds, double.NaN, double.NaN, double.NaN, 0, string.Empty, null, failure,
            new Dictionary<string, double> { ["attempts"] = JobRecorder.AttemptsTotal, ["submitSeconds"] = submitSeconds });
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which <paramref name="task"/> completed.</summary>
    private static async Task<long> AcknowledgedAt(Task task)
    {
        await task;
        return Stopwatch.GetTimestamp();
    }

    private static async Task<CellResult> MeasureLatency(IJobSystem system, CellRequest request, int n)
    {
        if (request.Rate <= 0)
            throw new ArgumentException("the latency workload needs --rate");
        JobRecorder.BeginPhase(n);
        var submits = new Task[n];
        var intended = new long[n];
        var period = Stopwatch.Frequency / request.Rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20);
        var oneMs = Stopwatch.Frequency / 1000;
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < n; i++)
            {
                var due = start + (long)(i * period);
                intended[i] = due;
                long left;
                while ((left = due - Stopwatch.GetTimestamp()) > 0)
                {
                    if (left > 2 * oneMs)
                        Thread.Sleep(1);
                    else
                        Thread.SpinWait(20);
                }

                var index = i;
                submits[i] = Task.Run(() => system.SubmitAsync(index, JobKind.Mark));
            }
        })
        { IsBackground = true, Name = "arrivals", Priority = ThreadPriority.AboveNormal };
        pacer.Start();
        var done = JobRecorder.AllDone;
        var deadline = TimeSpan.FromSeconds(n / request.Rate) + request.Timeout;
        var first = await Task.WhenAny(done, Task.Delay(deadline));
        var end = first == done ? await done : Stopwatch.GetTimestamp();
        pacer.Join();
        string? failure = first == done ? null : $"timeout: {JobRecorder.DoneCount} of {n} jobs done {deadline.TotalSeconds:F0}s after the first arrival";
        try
        {
            await Task.WhenAll(submits);
        }
        catch (Exception e)
        {
            failure = (failure is null ? string.Empty : failure + "; ") + $"{submits.Count(s => s.IsFaulted)} submits failed: {e.Message}";
        }

        var samples = new List<double>(n);
        var lastStart = start;
        for (var i = 0; i < n; i++)
        {
            var at = JobRecorder.StartedAt(i);
            if (at == 0)
                continue;
            samples.Add(Stopwatch.GetElapsedTime(intended[i], at).TotalMilliseconds);
            lastStart = Math.Max(lastStart, at);
        }

        var latency = samples.Count > 0 ? Latency.Of(samples) : new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        return new CellResult(
            request.System, request.Workload, n, JobRecorder.DoneCount, seconds, JobRecorder.DoneCount / seconds, latency.P50, latency.P99, latency.Max, 0,
            string.Empty, null, failure,
            new Dictionary<string, double>
            {
                ["offeredRate"] = request.Rate,
                ["startRate"] = samples.Count / Math.Max(1e-9, Stopwatch.GetElapsedTime(start, lastStart).TotalSeconds),
                ["meanMs"] = latency.Mean,
                ["started"] = samples.Count,
            });
    }
}
