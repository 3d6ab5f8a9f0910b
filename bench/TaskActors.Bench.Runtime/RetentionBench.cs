using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Persistence;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Bench.Runtime;

/// <summary>
/// The journal retention's acceptance run (issue 11): periodic tasks (default two, every 10 ms, a no-op handler) for a
/// fixed time (default 5 minutes) on a real SQLite store, sampling the store as it goes: journal rows (live and marked),
/// snapshot rows, the file and its WAL before and after a TRUNCATE checkpoint, free pages, and how long the command
/// line tool's reader takes to rebuild every task (<see cref="TaskJournalReader.States"/>, what <c>list</c> does).
/// </summary>
/// <remarks>
/// Command line: <c>--retention [--minutes 5] [--interval-ms 10] [--tasks 2] [--sample-seconds 15] [--retain-runs N]
/// [--quick] [--results PATH|none]</c>. <c>--quick</c>: 20 s, a sample every 5 s, no results file. A full run writes
/// <c>bench/TaskActors.Bench.Runtime/RETENTION.md</c>.
/// </remarks>
public static class RetentionBench
{
    public static bool Requested(string[] args) => args.Contains("--retention");

    public static async Task<int> RunAsync(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var quick = args.Contains("--quick");
        var duration = TimeSpan.FromMinutes(quick ? 1.0 / 3 : 5);
        var sampleEvery = TimeSpan.FromSeconds(quick ? 5 : 15);
        var intervalMs = 10;
        var tasks = 2;
        int? retainRuns = null;
        string? results = quick ? "none" : null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--retention" or "--quick":
                    break;
                case "--minutes":
                    duration = TimeSpan.FromMinutes(double.Parse(Next(), inv));
                    break;
                case "--interval-ms":
                    intervalMs = int.Parse(Next(), inv);
                    break;
                case "--tasks":
                    tasks = int.Parse(Next(), inv);
                    break;
                case "--sample-seconds":
                    sampleEvery = TimeSpan.FromSeconds(double.Parse(Next(), inv));
                    break;
                case "--retain-runs":
                    retainRuns = int.Parse(Next(), inv);
                    break;
                case "--results":
                    results = Next();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]} (retention mode takes --minutes, --interval-ms, --tasks, --sample-seconds, --retain-runs, --quick, --results)");
            }
        }

        var path = BenchConfig.NewStorePath("retention");
        var hocon = "akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-actor-system-terminate = off\nakka.coordinated-shutdown.exit-clr = off\n" +
            (retainRuns is { } r ? $"task-actors.runtime.retain-runs = {r}\n" : string.Empty);
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(TaskActorsConfig.ForSqliteFile(path));
        var settings = Tasks.TaskRuntimeSettings.Create(config);
        // The documented bound per periodic task (3 events per run): the events of the last retain-runs runs, the events since
        // the last snapshot, those written while that snapshot and its deletion were in flight (up to one more interval),
        // and the one row the journal keeps marked deleted.
        var boundPerTask = (2 * settings.SnapshotEvery) + (3 * settings.RetainRuns) + 1;
        Console.Error.WriteLine(string.Create(inv, $"retention: {tasks} periodic task(s) every {intervalMs} ms for {duration.TotalMinutes:0.##} min, snapshot-every {settings.SnapshotEvery}, retain-runs {settings.RetainRuns}; store {path}"));

        var samples = new List<Sample>();
        var node = TaskActorsNode.Start("bench-retention", config, BenchHandlers.Runners());
        var ids = Enumerable.Range(1, tasks).Select(i => new TaskId($"tick-{i}")).ToArray();
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var id in ids)
            {
                var spec = TaskSpec.Builder(id.Value, HandlerWorkload.Create("noop")).Restart(RestartPolicy.Periodic(intervalMs)).Build();
                if (await node.AskAsync(id, new Submit(spec)) is not Accepted)
                {
                    throw new InvalidOperationException($"{id} was not accepted");
                }
            }

            while (clock.Elapsed < duration)
            {
                var next = TimeSpan.FromTicks(Math.Min((clock.Elapsed + sampleEvery).Ticks, duration.Ticks));
                await Task.Delay(next - clock.Elapsed);
                var sample = await Take(node, ids, path, clock.Elapsed);
                samples.Add(sample);
                Console.Error.WriteLine(sample.Line());
            }
        }
        finally
        {
            await node.System.Terminate();
            SqliteConnection.ClearAllPools();
            BenchConfig.DeleteStore(path);
        }

        var worstRows = samples.Max(s => s.MaxRowsPerTask);
        var report = Render(samples, tasks, intervalMs, duration, settings.SnapshotEvery, settings.RetainRuns, boundPerTask, args);
        Console.WriteLine(report);
        var target = results ?? Path.Combine(ResultsFile.DefaultPath() is { } d ? Path.GetDirectoryName(d)! : ".", "RETENTION.md");
        if (target != "none")
        {
            File.WriteAllText(target, report);
            Console.Error.WriteLine($"wrote {Path.GetFullPath(target)}");
        }

        return worstRows <= boundPerTask ? 0 : 1;
    }

    private static async Task<Sample> Take(TaskActorsNode node, TaskId[] ids, string path, TimeSpan at)
    {
        long attempts = 0;
        foreach (var id in ids)
        {
            if (await node.AskAsync(id, Get.Instance) is Found found)
            {
                attempts += found.Task.Status.Attempt;
            }
        }

        var fileBefore = Length(path);
        var walBefore = Length(path + "-wal");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        Scalar("PRAGMA busy_timeout = 5000");
        var live = Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'task-%' AND persistence_id <> 'taskactors-region' AND deleted = 0");
        var all = Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'task-%' AND persistence_id <> 'taskactors-region'");
        var maxPerTask = Scalar("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM journal WHERE persistence_id LIKE 'task-%' GROUP BY persistence_id)");
        var snapshots = Scalar("SELECT COUNT(*) FROM snapshot");
        var freePages = Scalar("PRAGMA freelist_count");
        var pages = Scalar("PRAGMA page_count");
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = checkpoint.ExecuteReader();
            reader.Read();
        }

        connection.Close();
        var fileAfter = Length(path);
        var walAfter = Length(path + "-wal");
        var read = Stopwatch.StartNew();
        int listed;
        using (var journal = TaskJournalReader.Open(path))
        {
            listed = journal.States().Count();
        }

        return new Sample(at, attempts, live, all, maxPerTask, snapshots, pages, freePages, fileBefore, walBefore, fileAfter, walAfter, read.Elapsed.TotalMilliseconds, listed);
    }

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static string Render(List<Sample> samples, int tasks, int intervalMs, TimeSpan duration, int snapshotEvery, int retainRuns, int boundPerTask, string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine("# Journal retention: periodic tasks for a fixed time");
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"Command: `dotnet run -c Release --project bench/TaskActors.Bench.Runtime -- {string.Join(' ', args)}`  "));
        b.AppendLine(string.Create(inv, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {tasks} periodic task(s) (no-op handler) every {intervalMs} ms for {duration.TotalMinutes:0.##} min; snapshot-every {snapshotEvery}, retain-runs {retainRuns}."));
        b.AppendLine();
        b.AppendLine(string.Create(inv, $"Documented bound per periodic task: 2 × snapshot-every + 3 × retain-runs + 1 = **{boundPerTask} journal rows**; worst sample: **{samples.Max(s => s.MaxRowsPerTask)}**. Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}."));
        b.AppendLine();
        b.AppendLine("| time | attempts | task events written | task rows (live / all) | max rows of one task | snapshots | pages (free) | file + WAL before checkpoint | file + WAL after TRUNCATE checkpoint | reader: all tasks |");
        b.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in samples)
        {
            b.AppendLine(string.Create(inv,
                $"| {s.At.TotalSeconds:0} s | {s.Attempts:N0} | ~{(s.Attempts * 3) + tasks:N0} | {s.LiveRows:N0} / {s.AllRows:N0} | {s.MaxRowsPerTask:N0} | {s.Snapshots} | {s.Pages:N0} ({s.FreePages:N0}) | " +
                $"{Kib(s.FileBefore + s.WalBefore)} | {Kib(s.FileAfter + s.WalAfter)} | {s.ReaderMs:0.0} ms ({s.Listed}) |"));
        }

        b.AppendLine();
        b.AppendLine("Task events written = 1 TaskCreated + 3 per run (started, finished, next scheduled); without the retention the journal would hold them all.");
        return b.ToString();
    }

    private static string Kib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB");

    private sealed record Sample(
        TimeSpan At, long Attempts, long LiveRows, long AllRows, long MaxRowsPerTask, long Snapshots, long Pages, long FreePages,
        long FileBefore, long WalBefore, long FileAfter, long WalAfter, double ReaderMs, int Listed)
    {
        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"{At.TotalSeconds:0} s: {Attempts:N0} attempts, task rows {LiveRows:N0} live / {AllRows:N0} all (max {MaxRowsPerTask} per task), {Snapshots} snapshots, " +
            $"{Pages:N0} pages ({FreePages:N0} free), file+WAL {FileBefore + WalBefore:N0} B before / {FileAfter + WalAfter:N0} B after checkpoint, reader {ReaderMs:0.0} ms");
    }
}
