using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.State;
using TaskActors.Persistence;
using TaskActors.Queries;
using TaskActors.Tasks;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Bench.Queries;

public sealed record BuildResult(string Path, int Tasks, long Events, TimeSpan Took, long HeapDeltaBytes, string Note);

public sealed record ListResult(string Query, int Matches, Latency Latency);

public sealed record WatchResult(int Changes, TimeSpan Took, int Batches, int Window)
{
    public double PerSecond => Changes / Took.TotalSeconds;
}

/// <summary>The benchmark's phases; each returns its numbers and prints progress to stderr.</summary>
public static class IndexBench
{
    /// <summary>CPU of the last rebuilt system while idle (live feed polling only), in % of one core.</summary>
    public static double IdleCorePercent { get; private set; }

    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(5);

    public static string NewStorePath(string what) => Path.Combine(Path.GetTempPath(), $"taskactors-bench-queries-{what}-{Guid.NewGuid():N}.db");

    public static void DeleteStore(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    public static ActorSystem StartSystem(string name, string storePath, string hocon = "") =>
        TaskActorsPersistence.CreateActorSystem(name, ConfigurationFactory.ParseString(hocon + "\nakka.loglevel = INFO\nakka.stdout-loglevel = INFO")
            .WithFallback(TaskActorsConfig.ForSqliteFile(storePath)));

    public static async Task<IndexStatus> WaitRebuilt(IActorRef index)
    {
        while (true)
        {
            var status = await index.Ask<IndexStatus>(GetIndexStatus.Instance, AskTimeout);
            if (status.Rebuilt)
            {
                return status;
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Path 1, "live feed": an index over an empty store gets every synthetic task as the TaskChanged messages a TaskActor
    /// publishes (the event stream → TaskIndex.OnLocalChange → IndexTable.ApplyLocal, the path of every change made on a
    /// node). Measured until the index has answered a status query sent after the last change.
    /// </summary>
    public static async Task<(BuildResult Result, TaskState[] States)> BuildLive(ActorSystem system, IActorRef index, int tasks)
    {
        await WaitRebuilt(index);
        Console.Error.WriteLine($"live-feed build: generating {tasks:N0} tasks ...");
        var all = new List<TaskChanged>(tasks * 3);
        var states = new TaskState[tasks];
        for (var i = 0; i < tasks; i++)
        {
            var (changes, state) = SyntheticTasks.Changes(i);
            all.AddRange(changes);
            states[i] = state;
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        foreach (var change in all)
        {
            system.EventStream.Publish(change);
        }

        var status = await index.Ask<IndexStatus>(GetIndexStatus.Instance, AskTimeout);
        var took = watch.Elapsed;
        all.Clear();
        var heapDelta = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        if (status.Tasks != tasks)
        {
            throw new InvalidOperationException($"the index lists {status.Tasks} tasks, expected {tasks}");
        }

        Console.Error.WriteLine($"live-feed build: {tasks:N0} tasks ({states.Sum(s => s.Version):N0} changes) in {took.TotalSeconds:F2} s");
        return (new BuildResult("live feed (TaskChanged on the event stream)", tasks, states.Sum(s => s.Version), took, heapDelta,
            "synthetic TaskChanged messages, the path of changes made on the node"), states);
    }

    /// <summary>
    /// Path 2, "journal rebuild": a fresh actor system on a store that already holds the tasks; the index's one ordered
    /// scan (SqlReadJournal.CurrentAllEvents, deserializing every event, folding TaskState) until it reports Rebuilt.
    /// Measured from the start of the actor system (store open, read journal creation included).
    /// </summary>
    public static async Task<BuildResult> Rebuild(string storePath, int tasks, long rows, string how)
    {
        SqliteConnection.ClearAllPools();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var system = StartSystem("rebuild", storePath);
        try
        {
            var index = TaskIndexStartup.Start(system);
            var status = await WaitRebuilt(index);
            var took = watch.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var heapDelta = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            if (status.Tasks != tasks)
            {
                throw new InvalidOperationException($"the rebuilt index lists {status.Tasks} tasks, expected {tasks}");
            }

            await Verify(index, tasks);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = (Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalMilliseconds / 10_000;
            Console.Error.WriteLine($"idle cost of the live feed (JSA + AllEvents polls every 100 ms, purge scan every 200 ms): {idle:P1} of one core");
            IdleCorePercent = idle * 100;
            Console.Error.WriteLine($"journal rebuild ({how}): {tasks:N0} tasks, {rows:N0} events in {took.TotalSeconds:F2} s ({rows / took.TotalSeconds:N0} events/s), process CPU {cpu.TotalSeconds:F1} s");
            return new BuildResult($"journal rebuild ({how})", tasks, rows, took, heapDelta,
                $"SqlReadJournal.CurrentAllEvents from offset 0, every event deserialized and folded into TaskState; process CPU {cpu.TotalSeconds:F1} s");
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Every 97th task as listed equals the fold of its synthetic events (the rows were read back correctly).</summary>
    private static async Task Verify(IActorRef index, int tasks)
    {
        var listed = new Dictionary<TaskId, TaskResource>();
        var query = TaskQuery.All.WithLimit(TaskQuery.MaxLimit);
        while (true)
        {
            var page = ((TaskListed)await index.Ask<IQueryReply>(new ListTasks(query), AskTimeout)).Page;
            foreach (var task in page.Items)
            {
                listed[task.Id] = task;
            }

            if (page.Continuation is null)
            {
                break;
            }

            query = query.WithContinuation(page.Continuation);
        }

        for (var i = 0; i < tasks; i += 97)
        {
            var expected = TaskJson.Serialize(SyntheticTasks.Changes(i).State.Resource!);
            if (TaskJson.Serialize(listed[SyntheticTasks.Id(i)]) != expected)
            {
                throw new InvalidOperationException($"task {SyntheticTasks.Id(i)} differs after the rebuild");
            }
        }
    }

    /// <summary>Writes <paramref name="tasks"/> synthetic tasks through Akka.Persistence (PersistAll per task, 500 at a time).</summary>
    public static async Task<(long Rows, TimeSpan Took)> WriteThroughJournal(string storePath, int tasks)
    {
        var system = StartSystem("writer", storePath);
        try
        {
            var watch = Stopwatch.StartNew();
            long rows = 0;
            for (var start = 0; start < tasks; start += 500)
            {
                var pending = new List<Task>();
                for (var i = start; i < Math.Min(tasks, start + 500); i++)
                {
                    var events = SyntheticTasks.Events(i);
                    rows += events.Count;
                    pending.Add(system.ActorOf(JournalWriter.Props(SyntheticTasks.Id(i), events)).Ask<JournalWriter.Done>(JournalWriter.Go.Instance, AskTimeout));
                }

                await Task.WhenAll(pending);
            }

            return (rows, watch.Elapsed);
        }
        finally
        {
            await system.Terminate();
        }
    }

    public static async Task<List<ListResult>> ListLatency(IActorRef index, int queries)
    {
        var results = new List<ListResult>();
        var running = TaskQuery.All.WithPhases(TaskPhase.Running);
        var cases = new (string Name, TaskQuery Query)[]
        {
            ("phases=Running, first page (limit 100)", running),
            ("phases=Running,Failed, first page (limit 100)", TaskQuery.All.WithPhases(TaskPhase.Running, TaskPhase.Failed)),
            ("phases=Running, page after the middle id", running.WithContinuation(ContinuationToken.Encode(SyntheticTasks.Id(50_000)))),
            ("slot=slot-7 + selector team=d, first page", TaskQuery.All.WithSlot("slot-7").WithSelector(LabelSelector.ForLabels(("team", "d")))),
            ("no filter, limit 1000", TaskQuery.All.WithLimit(1000)),
        };
        foreach (var (name, query) in cases)
        {
            var message = new ListTasks(query);
            for (var i = 0; i < Math.Min(100, queries); i++)
            {
                await index.Ask<IQueryReply>(message, AskTimeout); // warm-up
            }

            var samples = new List<double>(queries);
            var matches = 0;
            for (var i = 0; i < queries; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var reply = await index.Ask<IQueryReply>(message, AskTimeout);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                matches = ((TaskListed)reply).Page.Total;
            }

            var latency = Latency.Of(samples);
            Console.Error.WriteLine($"list [{name}]: {matches:N0} matches, p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms, max {latency.Max:F2} ms");
            results.Add(new ListResult(name, matches, latency));
        }

        return results;
    }

    /// <summary>
    /// One watch (all tasks, no filter) with a subscriber that acks every batch; <paramref name="changes"/> new changes are
    /// published like TaskActors publish them, at most <c>window</c> ahead of what the subscriber has received (half the
    /// default 10,000 watch buffer, so the run measures sustained delivery, not the overflow).
    /// </summary>
    public static async Task<WatchResult> WatchThroughput(ActorSystem system, IActorRef index, TaskState[] states, int changes)
    {
        const int window = 5_000;
        var next = new List<TaskChanged>(changes);
        var current = (TaskState[])states.Clone();
        for (var k = 0; k < changes; k++)
        {
            var i = k % current.Length;
            var change = SyntheticTasks.Next(current[i]);
            current[i] = current[i].Apply(change.Event);
            next.Add(change);
        }

        var counter = new WatchCounter(changes, window);
        var subscriber = system.ActorOf(AckingSubscriber.Props(counter), "bench-subscriber");
        var started = await index.Ask<IQueryReply>(new WatchTasks(null, null, null, subscriber), AskTimeout);
        if (started is not WatchStarted)
        {
            throw new InvalidOperationException($"watch refused: {started}");
        }

        counter.Clock.Start();
        foreach (var change in next)
        {
            await counter.Permits.WaitAsync();
            system.EventStream.Publish(change);
        }

        var took = await counter.Completed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        index.Tell(new Unwatch(subscriber));
        var result = new WatchResult(changes, took, counter.Batches, window);
        Console.Error.WriteLine($"watch: {changes:N0} changes in {took.TotalSeconds:F2} s = {result.PerSecond:N0} changes/s in {counter.Batches:N0} batches");
        return result;
    }
}
