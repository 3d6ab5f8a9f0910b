using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using LinqToDB;
using TaskActors.Bench.Shared;
using TaskActors.Persistence;

namespace TaskActors.Bench.Journal;

/// <summary>One measured run: write phase then recovery phase.</summary>
public sealed record RunResult(double EventsPerSecond, double RecoveriesPerSecond, long PeakWorkingSetBytes, string? Failure);

/// <summary>
/// Runs the workload against one journal: N actors each persist 3 events in sequence, then all N are recovered
/// (SQLite: in a fresh actor system on the same file; memory: in the same system after stopping them, since the
/// in-memory journal dies with its system).
/// </summary>
public static class JournalWorkload
{
    private const string SerializationHocon = """
        akka.loglevel = WARNING
        akka.actor.serializers.bench = "TaskActors.Bench.Journal.BenchSerializer, TaskActors.Bench.Journal"
        akka.actor.serialization-bindings { "TaskActors.Bench.Journal.IBenchMessage, TaskActors.Bench.Journal" = bench }
        """;

    private const string MemoryHocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public static Config SqliteConfig(string path, BenchOptions options)
    {
        var config = ConfigurationFactory.ParseString(SerializationHocon)
            .WithFallback(TaskActorsConfig.ForSqliteFile(path, SqliteStoreSettings.ParseDurability(options.Durability)));
        foreach (var o in options.Overrides.Reverse())
            config = ConfigurationFactory.ParseString(o).WithFallback(config);
        return config;
    }

    public static Config PostgresConfig(string connectionString, BenchOptions options)
    {
        var config = ConfigurationFactory.ParseString(SerializationHocon)
            .WithFallback(TaskActorsConfig.ForPostgreSql(connectionString));
        foreach (var o in options.Overrides.Reverse())
            config = ConfigurationFactory.ParseString(o).WithFallback(config);
        return config;
    }

    /// <summary>The same phases as <see cref="RunSqlite"/> on the PostgreSQL database of --postgres, emptied first.</summary>
    public static async Task<RunResult> RunPostgres(int n, BenchOptions options, SqlProfile? profile)
    {
        var config = PostgresConfig(options.Postgres!, options);
        TaskActors.Persistence.PostgreSql.PostgreSqlStoreInitializer.Initialize(TaskActors.Persistence.PostgreSql.PostgreSqlStoreSettings.Create(config));
        using (var connection = new Npgsql.NpgsqlConnection(options.Postgres))
        {
            connection.Open();
            using var truncate = new Npgsql.NpgsqlCommand("TRUNCATE journal, snapshot RESTART IDENTITY", connection);
            truncate.ExecuteNonQuery();
        }

        return await WriteThenRecover(n, config, options, profile);
    }

    public static async Task<RunResult> RunSqlite(int n, BenchOptions options, SqlProfile? profile)
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskactors-bench-{Guid.NewGuid():N}.db");
        try
        {
            return await WriteThenRecover(n, SqliteConfig(path, options), options, profile);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    /// <summary>N actors × 3 events written in one actor system, then every actor recovered in a fresh one, on <paramref name="config"/>'s store.</summary>
    private static async Task<RunResult> WriteThenRecover(int n, Config config, BenchOptions options, SqlProfile? profile)
    {
        Func<DataOptions, DataOptions>? customize = profile is null ? null : profile.Attach;
        using var memory = new PeakMemory();
        var writeSystem = TaskActorsPersistence.CreateActorSystem("bench-write", config, customize);
        writeSystem.SubscribeProblemCounter();
        var (writeSeconds, writeFailure) = await Phase(writeSystem, n, Run.Instance, 3, options.Timeout, "write");
        await writeSystem.Terminate();
        if (writeFailure is not null)
            return new RunResult(3.0 * n / writeSeconds, 0, memory.PeakBytes, writeFailure);

        var readSystem = TaskActorsPersistence.CreateActorSystem("bench-recover", config, customize);
        readSystem.SubscribeProblemCounter();
        var (readSeconds, readFailure) = await Phase(readSystem, n, Ping.Instance, 3, options.Timeout, "recover");
        await readSystem.Terminate();
        return new RunResult(3.0 * n / writeSeconds, n / readSeconds, memory.PeakBytes, readFailure);
    }

    public static async Task<RunResult> RunMemory(int n, BenchOptions options)
    {
        var config = ConfigurationFactory.ParseString(MemoryHocon).WithFallback(ConfigurationFactory.ParseString(SerializationHocon));
        using var memory = new PeakMemory();
        var system = ActorSystem.Create("bench-memory", config);
        try
        {
            system.SubscribeProblemCounter();
            var (writeSeconds, writeFailure, actors) = await PhaseKeep(system, n, Run.Instance, 3, options.Timeout, "w");
            if (writeFailure is not null)
                return new RunResult(3.0 * n / writeSeconds, 0, memory.PeakBytes, writeFailure);
            await Task.WhenAll(actors.Select(a => a.GracefulStop(TimeSpan.FromSeconds(60))));
            var (readSeconds, readFailure, _) = await PhaseKeep(system, n, Ping.Instance, 3, options.Timeout, "r");
            return new RunResult(3.0 * n / writeSeconds, n / readSeconds, memory.PeakBytes, readFailure);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<(double Seconds, string? Failure)> Phase(ActorSystem system, int n, object message, int expectedEvents, TimeSpan timeout, string name)
    {
        var (seconds, failure, _) = await PhaseKeep(system, n, message, expectedEvents, timeout, name);
        return (seconds, failure);
    }

    private static async Task<(double Seconds, string? Failure, IActorRef[] Actors)> PhaseKeep(
        ActorSystem system, int n, object message, int expectedEvents, TimeSpan timeout, string namePrefix)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = system.ActorOf(Props.Create(() => new Collector(n, expectedEvents, completion)), "collector-" + namePrefix);
        var actors = new IActorRef[n];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var exBefore = Diagnostics.FirstChanceExceptions;
        var gcBefore = GC.CollectionCount(0);
        var allocBefore = GC.GetTotalAllocatedBytes();
        var itemsBefore = ThreadPool.CompletedWorkItemCount;
        var contentionBefore = Monitor.LockContentionCount;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            actors[i] = system.ActorOf(BenchActor.Props("bench-" + i, collector), namePrefix + i);
            actors[i].Tell(message);
        }

        var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout));
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.Error.WriteLine($"  phase {namePrefix}: {watch.Elapsed.TotalSeconds:F2}s wall, {cpu.TotalSeconds:F2}s CPU ({100 * cpu.TotalSeconds / watch.Elapsed.TotalSeconds / Environment.ProcessorCount:F0}% of all cores), " +
            $"{Diagnostics.FirstChanceExceptions - exBefore} exceptions, {GC.CollectionCount(0) - gcBefore} gen0 GCs, {(GC.GetTotalAllocatedBytes() - allocBefore) / 1048576} MB allocated, " +
            $"{ThreadPool.CompletedWorkItemCount - itemsBefore} pool work items, {Monitor.LockContentionCount - contentionBefore} lock contentions, {ThreadPool.ThreadCount} pool threads");
        if (finished != completion.Task)
            return (watch.Elapsed.TotalSeconds, $"timeout after {timeout.TotalSeconds:F0}s", actors);
        var wrong = await completion.Task;
        return (watch.Elapsed.TotalSeconds, wrong == 0 ? null : $"{wrong} actors reported a wrong event count", actors);
    }
}
