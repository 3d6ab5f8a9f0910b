using System.Diagnostics;
using Akka.Actor;
using TaskActors.Bench.Shared;
using TaskActors.Model.Identity;
using TaskActors.Model.Specs;
using TaskActors.Node;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Bench.Runtime;

/// <summary>One lifecycle run.</summary>
/// <param name="Tasks">N.</param>
/// <param name="Seconds">First submit → last AttemptFinished(Succeeded) published.</param>
/// <param name="Succeeded">Tasks that ended Succeeded.</param>
/// <param name="TaskEvents">Task events persisted (counted from TaskChanged).</param>
/// <param name="SubmitP50Ms">Median time from Ask to Accepted.</param>
/// <param name="SubmitP99Ms">99th percentile of it.</param>
/// <param name="PeakWorkingSetBytes">Peak working set during the phase.</param>
/// <param name="Cost">CPU, allocations and load during the phase.</param>
/// <param name="Failure">What went wrong, or null.</param>
/// <param name="Rows">Journal rows in the store afterwards (SQLite only).</param>
public sealed record LifecycleResult(
    int Tasks, double Seconds, long Succeeded, long TaskEvents, double SubmitP50Ms, double SubmitP99Ms, long PeakWorkingSetBytes, PhaseCost Cost, string? Failure,
    StoreRows? Rows = null)
{
    public double LifecyclesPerSecond => Succeeded / Seconds;
    public double EventsPerSecond => TaskEvents / Seconds;
    public double CpuMsPerLifecycle => Cost.Cpu.TotalMilliseconds / Math.Max(1, Succeeded);
    public double AllocatedKbPerLifecycle => Cost.AllocatedBytes / 1024.0 / Math.Max(1, Succeeded);
}

/// <summary>
/// Phase 1: N one-shot no-op tasks submitted at once (all Asks started in one loop, awaited together) to a fresh
/// node on a fresh store file; the clock runs from the first submit until the N-th AttemptFinished(Succeeded) is
/// published on the event stream (each TaskChanged is published after its event is persisted).
/// </summary>
public static class LifecycleBench
{
    public static async Task<LifecycleResult> Run(BenchOptions options, int run, bool memoryJournal)
    {
        var n = options.Tasks;
        var path = BenchConfig.NewStorePath("life");
        LifecycleResult result;
        try
        {
            var tally = new TaskEventTally(_ => true);
            EarlySubscriberProvider.Arm(tally);
            var node = TaskActorsNode.Start($"bench-life-{run}", BenchConfig.For(path, options, memoryJournal), BenchHandlers.Runners());
            try
            {
                // Client-side work (ids, specs) is done before the clock starts.
                var ids = Enumerable.Range(0, n).Select(i => new TaskId($"life-{i:D6}")).ToArray();
                var specs = ids.Select(id => BenchHandlers.OneShot(id.Value)).ToArray();
                var allSucceeded = tally.When(t => t.Succeeded >= n);
                var latencies = new double[n];
                var replies = new Task<ITaskReply?>[n];

                using var memory = new PeakMemory();
                var meter = PhaseMeter.Start();
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    replies[i] = SubmitTimed(node, ids[i], specs[i], latencies, i, options.Timeout);
                }

                var first = await Task.WhenAny(allSucceeded, Task.Delay(options.Timeout));
                var cost = meter.Stop();
                var end = first == allSucceeded ? await allSucceeded : Stopwatch.GetTimestamp();
                await Task.WhenAll(replies);
                var rejected = replies.Count(r => r.Result is not Accepted);
                var failure = first != allSucceeded
                    ? $"timeout after {options.Timeout.TotalSeconds:F0}s with {tally.Succeeded} of {n} succeeded"
                    : rejected > 0 ? $"{rejected} submits not Accepted" : null;
                if (tally.FinishedOther > 0)
                    failure = (failure is null ? string.Empty : failure + "; ") + $"{tally.FinishedOther} attempts did not succeed";
                var accepted = latencies.Where(double.IsFinite).Order().ToArray();
                result = new LifecycleResult(
                    n,
                    Stopwatch.GetElapsedTime(start, end).TotalSeconds,
                    tally.Succeeded,
                    tally.Events,
                    Stats.Percentile(accepted, 0.50),
                    Stats.Percentile(accepted, 0.99),
                    memory.PeakBytes,
                    cost,
                    failure);

                // Outside the measurement: let the region's last deactivations reach the journal before the row count.
                await Task.Delay(2000);
            }
            finally
            {
                await node.System.Terminate();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            if (!memoryJournal)
                result = result with { Rows = StoreRows.Count(path) };
            return result;
        }
        finally
        {
            BenchConfig.DeleteStore(path);
        }
    }

    private static async Task<ITaskReply?> SubmitTimed(TaskActorsNode node, TaskId id, TaskSpec spec, double[] latencies, int i, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        latencies[i] = double.NaN;
        try
        {
            var reply = await node.AskAsync(id, new Submit(spec), timeout);
            if (reply is Accepted)
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return reply;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
