using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using Akka.Actor;
using TaskActors.Bench.Shared;
using TaskActors.Model.Identity;
using TaskActors.Node;
using TaskActors.Tasks;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Bench.Runtime;

/// <summary>How the cold-start store was built.</summary>
/// <param name="FinishedRequested">F asked for.</param>
/// <param name="FinishedBuilt">Finished (Succeeded, settled) tasks in the store.</param>
/// <param name="FinishedSeconds">Time to submit and finish them.</param>
/// <param name="BudgetHit">True when the build budget stopped the submissions before F.</param>
/// <param name="Active">Active (waiting) tasks in the store, each with attempt 1 running at the crash.</param>
/// <param name="ActiveSeconds">Time until all A had started their attempt.</param>
/// <param name="RegionActiveAtCrash">The region's remembered active tasks just before the crash (should be A).</param>
/// <param name="StoreBytes">Store file + WAL after the crash.</param>
/// <param name="Cost">CPU and load of the finished-task part of the build.</param>
/// <param name="PeakWorkingSetBytes">Peak working set while building.</param>
/// <param name="Failure">What went wrong, or null.</param>
public sealed record BuildResult(
    int FinishedRequested, long FinishedBuilt, double FinishedSeconds, bool BudgetHit, int Active, double ActiveSeconds,
    int RegionActiveAtCrash, long StoreBytes, PhaseCost Cost, long PeakWorkingSetBytes, string? Failure)
{
    public double BuildLifecyclesPerSecond => FinishedBuilt / FinishedSeconds;

    /// <summary>Seconds the requested F would take at the measured build rate.</summary>
    public double ExtrapolatedSecondsForRequested => FinishedRequested / BuildLifecyclesPerSecond;
}

/// <summary>One restart of the node on the built store.</summary>
/// <param name="Mode">process (fresh child process) or inproc (fresh actor system in the benchmark process).</param>
/// <param name="NodeStartSeconds">TaskActorsNode.Start (store check, actor system, region created).</param>
/// <param name="AllClosedSeconds">Start → every active task's interrupted attempt closed (AttemptFinished, interrupted).</param>
/// <param name="AllResumedSeconds">Start → every active task has started a new attempt (AttemptStarted on this node).</param>
/// <param name="ProcessUptimeAtStartSeconds">Process start → the Start call (runtime start-up and JIT; process mode).</param>
/// <param name="ResumedOnTheirOwn">Active tasks that resumed without a client asking, within the resume timeout.</param>
/// <param name="Resumed">Active tasks resumed in the end (after touching the sleeping ones, if any).</param>
/// <param name="TouchedClosedSeconds">When not all resumed on their own: client Get to each → all interrupted attempts closed.</param>
/// <param name="TouchedResumedSeconds">When not all resumed on their own: client Get to each → all resumed.</param>
/// <param name="UntrackedEvents">Task events of ids that were not active (finished tasks woken needlessly; expected 0).</param>
/// <param name="RegionActive">Region's remembered active tasks after the resume.</param>
/// <param name="RegionAlive">Region's live TaskActors after the resume.</param>
/// <param name="PeakWorkingSetBytes">Peak working set from before Start until after the resume (process mode: the whole process).</param>
/// <param name="WorkingSetBytes">Working set right after the resume.</param>
/// <param name="GcHeapBytes">GC.GetTotalMemory(false) right after the resume.</param>
/// <param name="GcHeapAfterFullGcBytes">Live managed heap after a forced full GC, after the resume.</param>
/// <param name="CpuSeconds">Process CPU from Start to the resume (when touched: from the touch to the resume).</param>
/// <param name="AllocatedBytes">Managed allocations over the same span.</param>
/// <param name="ProcessShare">Process CPU as a share of all cores meanwhile.</param>
/// <param name="MachineShare">Machine busy share meanwhile.</param>
/// <param name="Failure">What went wrong, or null.</param>
public sealed record RestartResult(
    string Mode, double NodeStartSeconds, double AllClosedSeconds, double AllResumedSeconds, double ProcessUptimeAtStartSeconds,
    int ResumedOnTheirOwn, int Resumed, double TouchedClosedSeconds, double TouchedResumedSeconds, long UntrackedEvents, int RegionActive, int RegionAlive, long PeakWorkingSetBytes, long WorkingSetBytes,
    long GcHeapBytes, long GcHeapAfterFullGcBytes, double CpuSeconds, long AllocatedBytes, double ProcessShare, double MachineShare,
    string? Failure)
{
    public const string Marker = "COLD-RESULT ";

    /// <summary>NaN (a time that was never reached) must survive the trip from the child process.</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>
/// Phase 2: builds a store with F finished tasks and A active ones through the runtime, crashes the node
/// (Terminate without CoordinatedShutdown), and measures restarts of a fresh node on the same file.
/// </summary>
public static class ColdStartBench
{
    public const string ResumeDefinition =
        "An active task has resumed when the new node has persisted an AttemptStarted for it (published as TaskChanged): " +
        "its attempt that was running at the crash was first closed (AttemptFinished Failed, 'interrupted: node stopped during attempt', " +
        "plus RetryScheduled with the spec's fixed 1 ms backoff), then the next attempt started and its TaskRun child runs the 'wait' handler. " +
        "Time is measured from the TaskActorsNode.Start call (actor system creation included) to the A-th such AttemptStarted.";

    public static async Task<BuildResult> Build(string path, BenchOptions options)
    {
        var tally = new TaskEventTally(id => id.StartsWith(BenchHandlers.ActivePrefix, StringComparison.Ordinal));
        EarlySubscriberProvider.Arm(tally);
        var node = TaskActorsNode.Start("bench-build", BenchConfig.For(path, options), BenchHandlers.Runners());
        using var memory = new PeakMemory();
        try
        {
            // Finished tasks: at most BuildWindow in flight; a slot frees when a task succeeds (or its submit fails).
            using var window = new SemaphoreSlim(options.BuildWindow);
            tally.OnSucceeded = () => window.Release();
            var budget = options.BuildBudgetSeconds > 0 ? TimeSpan.FromSeconds(options.BuildBudgetSeconds) : TimeSpan.MaxValue;
            long submitted = 0;
            long notAccepted = 0;
            var meter = PhaseMeter.Start();
            var start = Stopwatch.GetTimestamp();
            var lastProgress = start;
            var budgetHit = false;
            for (var i = 0; i < options.Finished; i++)
            {
                if (Stopwatch.GetElapsedTime(start) >= budget)
                {
                    budgetHit = true;
                    break;
                }

                await window.WaitAsync();
                var id = new TaskId($"done-{i:D7}");
                _ = SubmitFinished(node, id, options.Timeout, window, () => Interlocked.Increment(ref notAccepted));
                submitted++;
                if (Stopwatch.GetElapsedTime(lastProgress) > TimeSpan.FromSeconds(15))
                {
                    lastProgress = Stopwatch.GetTimestamp();
                    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  build: {tally.Succeeded:N0} finished after {elapsed:F0}s ({tally.Succeeded / elapsed:F0}/s), {submitted:N0} submitted"));
                }
            }

            var expected = submitted - Interlocked.Read(ref notAccepted);
            var settled = tally.When(t => t.Succeeded >= submitted - Interlocked.Read(ref notAccepted));
            var failure = await Task.WhenAny(settled, Task.Delay(options.Timeout)) == settled ? null : $"build timed out with {tally.Succeeded} of {expected} finished";
            var finishedEnd = tally.LastSuccessTimestamp;
            var cost = meter.Stop();
            var finishedSeconds = Stopwatch.GetElapsedTime(start, Math.Max(finishedEnd, start + 1)).TotalSeconds;
            if (Interlocked.Read(ref notAccepted) > 0)
                failure = (failure is null ? string.Empty : failure + "; ") + $"{notAccepted} finished-task submits not Accepted";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  build: {tally.Succeeded:N0} finished tasks in {finishedSeconds:F1}s ({tally.Succeeded / finishedSeconds:F0}/s); {cost.Describe()}"));

            // Active tasks: submitted at once; each must have attempt 1 running (AttemptStarted persisted) before the crash.
            var activeStart = Stopwatch.GetTimestamp();
            var allStarted = tally.When(t => t.TrackedStarted >= options.Active);
            var replies = Enumerable.Range(0, options.Active)
                .Select(i => node.AskAsync(new TaskId($"{BenchHandlers.ActivePrefix}{i:D5}"), new Submit(BenchHandlers.Waiting($"{BenchHandlers.ActivePrefix}{i:D5}")), options.Timeout))
                .ToArray();
            if (await Task.WhenAny(allStarted, Task.Delay(options.Timeout)) != allStarted)
                failure = (failure is null ? string.Empty : failure + "; ") + $"only {tally.TrackedStarted} of {options.Active} active tasks started";
            var activeSeconds = Stopwatch.GetElapsedTime(activeStart).TotalSeconds;
            var notAcceptedActive = (await Task.WhenAll(replies)).Count(r => r is not Accepted);
            if (notAcceptedActive > 0)
                failure = (failure is null ? string.Empty : failure + "; ") + $"{notAcceptedActive} active-task submits not Accepted";

            // Wait until the region has persisted the deactivation of every finished task, so the store holds exactly
            // A tasks to wake (otherwise the restart would also wake finished tasks whose TaskDeactivated was lost).
            var regionActive = -1;
            var waitRegion = Stopwatch.StartNew();
            while (waitRegion.Elapsed < TimeSpan.FromSeconds(120))
            {
                var count = await node.GetActivityAsync(TimeSpan.FromSeconds(30));
                regionActive = count.ActiveTasks;
                if (regionActive <= options.Active)
                    break;
                await Task.Delay(100);
            }

            // Let the region's PersistAsync'd deactivations reach the journal (their handlers ran, but a batch may be in flight).
            await Task.Delay(1000);
            Console.Error.WriteLine($"  build: {options.Active} active tasks running after {activeSeconds:F1}s; region remembers {regionActive} active; crashing the node");
            return new BuildResult(options.Finished, tally.Succeeded, finishedSeconds, budgetHit, options.Active, activeSeconds, regionActive, 0, cost, memory.PeakBytes, failure);
        }
        finally
        {
            // The crash: no CoordinatedShutdown (run-by-actor-system-terminate = off), attempts stay open in the journal.
            await node.System.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static async Task SubmitFinished(TaskActorsNode node, TaskId id, TimeSpan timeout, SemaphoreSlim window, Action onNotAccepted)
    {
        ITaskReply? reply;
        try
        {
            reply = await node.AskAsync(id, new Submit(BenchHandlers.OneShot(id.Value)), timeout);
        }
        catch (AskTimeoutException)
        {
            reply = null;
        }

        if (reply is not Accepted)
        {
            onNotAccepted();
            window.Release();
        }
    }

    /// <summary>Measures one restart: in a fresh child process (the default) or a fresh actor system here.</summary>
    public static async Task<RestartResult> Restart(string path, BenchOptions options, int restart)
    {
        if (options.RestartMode == "inproc")
            return await MeasureRestart(path, options, "inproc", restart);

        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(ColdStartBench).Assembly.Location);
        foreach (var arg in new[]
                 {
                     "--cold-child", path, "--active", options.Active.ToString(CultureInfo.InvariantCulture), "--durability", options.Durability,
                     "--timeout", ((int)options.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                     "--resume-timeout", ((int)options.ResumeTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                     "--restarts", restart.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the cold-start child");
        RestartResult? result = null;
        var output = new List<string>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(RestartResult.Marker, StringComparison.Ordinal))
                result = JsonSerializer.Deserialize<RestartResult>(line[RestartResult.Marker.Length..], RestartResult.Json);
            else
                output.Add(line);
        }

        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await child.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
        }

        return result ?? throw new InvalidOperationException(
            $"cold-start child (pid {child.Id}) exited with {(child.HasExited ? child.ExitCode : -1)} without a result: {string.Join(" | ", output.TakeLast(5))}");
    }

    /// <summary>Entry point of the child process: measure, print the result line, crash the node, exit.</summary>
    public static async Task<int> ChildMain(BenchOptions options)
    {
        var result = await MeasureRestart(options.ColdChildStore!, options, "process", options.Restarts);
        Console.WriteLine(RestartResult.Marker + JsonSerializer.Serialize(result, RestartResult.Json));
        return 0;
    }

    private static async Task<RestartResult> MeasureRestart(string path, BenchOptions options, string mode, int restart)
    {
        var active = options.Active;
        var tally = new TaskEventTally(id => id.StartsWith(BenchHandlers.ActivePrefix, StringComparison.Ordinal));
        var allClosed = tally.When(t => t.TrackedClosed >= active);
        var allResumed = tally.When(t => t.TrackedStarted >= active);
        using var memory = new PeakMemory();
        var uptime = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var meter = PhaseMeter.Start();
        var start = Stopwatch.GetTimestamp();
        EarlySubscriberProvider.Arm(tally);
        var node = TaskActorsNode.Start($"bench-cold-{restart}", BenchConfig.For(path, options), BenchHandlers.Runners());
        var nodeStart = Stopwatch.GetElapsedTime(start).TotalSeconds;
        try
        {
            var resumedOnTheirOwn = await Task.WhenAny(allResumed, Task.Delay(options.ResumeTimeout)) == allResumed;
            var cost = meter.Stop();
            var selfResumed = tally.TrackedStarted;
            double Seconds(Task<long> reached, long from) => reached.IsCompletedSuccessfully ? Stopwatch.GetElapsedTime(from, reached.Result).TotalSeconds : double.NaN;
            var closedSeconds = Seconds(allClosed, start);
            var touchedSeconds = double.NaN;
            var touchedClosedSeconds = double.NaN;
            string? failure = null;
            if (!resumedOnTheirOwn)
            {
                // The requirement failed: the store's active tasks did not wake without a client. Measure what resuming
                // costs when a client touches each of them (a Get per task, all at once), so the resume work is still known.
                failure = $"only {selfResumed} of {active} active tasks resumed on their own within {options.ResumeTimeout.TotalSeconds:F0}s (no client asking); " +
                          "the rest were then woken by a client Get each";
                Console.Error.WriteLine($"  restart {restart} ({mode}): {failure}");
                meter = PhaseMeter.Start();
                var touch = Stopwatch.GetTimestamp();
                var gets = Enumerable.Range(0, active)
                    .Select(i => node.AskAsync(new TaskId($"{BenchHandlers.ActivePrefix}{i:D5}"), TaskProtocol.Get.Instance, options.Timeout))
                    .ToArray();
                if (await Task.WhenAny(allResumed, Task.Delay(options.Timeout)) != allResumed)
                    failure += $"; even then only {tally.TrackedStarted} resumed within {options.Timeout.TotalSeconds:F0}s";
                cost = meter.Stop();
                touchedSeconds = Seconds(allResumed, touch);
                touchedClosedSeconds = Seconds(allClosed, touch);
                await Task.WhenAll(gets);
            }

            var workingSet = Environment.WorkingSet;
            var gcHeap = GC.GetTotalMemory(forceFullCollection: false);
            var peak = memory.PeakBytes;
            var count = await node.GetActivityAsync(TimeSpan.FromSeconds(30));
            var liveHeap = GC.GetTotalMemory(forceFullCollection: true);
            if (mode == "process")
            {
                using var self = Process.GetCurrentProcess();
                peak = Math.Max(peak, self.PeakWorkingSet64);
            }

            var result = new RestartResult(
                mode, nodeStart, resumedOnTheirOwn ? closedSeconds : double.NaN, resumedOnTheirOwn ? Seconds(allResumed, start) : double.NaN,
                mode == "process" ? uptime : double.NaN, selfResumed, tally.TrackedStarted, touchedClosedSeconds, touchedSeconds,
                tally.UntrackedEvents, count.ActiveTasks, count.LiveTaskActors, peak, workingSet, gcHeap, liveHeap, cost.Cpu.TotalSeconds,
                cost.AllocatedBytes, cost.ProcessShare, cost.MachineShare, failure);
            if (options.HoldSeconds > 0)
            {
                Console.Error.WriteLine($"  holding pid {Environment.ProcessId} for {options.HoldSeconds}s");
                await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  restart {restart} ({mode}): on their own {selfResumed}/{active} resumed, all closed {result.AllClosedSeconds:F2}s, all resumed {result.AllResumedSeconds:F2}s, " +
                $"touched → resumed {touchedSeconds:F2}s; peak WS {peak / 1048576} MB, GC heap {gcHeap / 1048576} MB (live {liveHeap / 1048576} MB); " +
                $"region active {count.ActiveTasks} alive {count.LiveTaskActors}; {cost.Describe()}"));
            return result;
        }
        finally
        {
            // Crash again, so the next restart finds A interrupted attempts.
            await node.System.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
