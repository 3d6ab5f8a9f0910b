using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Persistence;

namespace TaskActors.Bench.Runtime;

/// <summary>The node configuration of every phase, and the temp store files.</summary>
public static class BenchConfig
{
    // Warnings and errors go to CountingLogger (counted, a few samples on stderr), never to stdout, which carries the
    // Markdown report. The actor system's termination never runs CoordinatedShutdown: Terminate() is a crash (no
    // graceful stop of attempts), as in the runtime's recovery specs. EarlySubscriber subscribes the event counter
    // while the actor system starts, before the task region can wake a single task.
    private const string BenchHocon = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.loggers = ["TaskActors.Bench.Runtime.CountingLogger, TaskActors.Bench.Runtime"]
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.exit-clr = off
        akka.extensions = ["TaskActors.Bench.Runtime.EarlySubscriberProvider, TaskActors.Bench.Runtime"]
        """;

    // Akka's in-memory journal and snapshot store: not durable; the ceiling of the runtime without the SQL path.
    private const string MemoryHocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public static Config For(string path, BenchOptions options, bool memoryJournal = false)
    {
        var config = ConfigurationFactory.ParseString(BenchHocon)
            .WithFallback(TaskActorsConfig.ForSqliteFile(path, SqliteStoreSettings.ParseDurability(options.Durability)));
        return memoryJournal ? ConfigurationFactory.ParseString(MemoryHocon).WithFallback(config) : config;
    }

    public static string NewStorePath(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"taskactors-bench-{purpose}-{Guid.NewGuid():N}.db");

    /// <summary>Bytes of the store file plus its WAL.</summary>
    public static long StoreBytes(string path) =>
        new[] { "", "-wal" }.Select(s => new FileInfo(path + s)).Where(f => f.Exists).Sum(f => f.Length);

    public static void DeleteStore(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(path + suffix);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"could not delete {path + suffix}: {e.Message}");
            }
        }
    }
}
