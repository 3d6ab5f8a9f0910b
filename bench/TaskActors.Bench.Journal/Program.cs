using System.Globalization;
using System.Text;
using TaskActors.Bench.Journal;
using TaskActors.Persistence;

var options = BenchOptions.Parse(args);
Diagnostics.Install();
if (options.MinThreads > 0)
{
    ThreadPool.GetMinThreads(out _, out var io);
    ThreadPool.SetMinThreads(options.MinThreads, io);
}

var inv = CultureInfo.InvariantCulture;
var report = new StringBuilder();
report.AppendLine(inv, $"Journal benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, runs={options.Runs}, durability={options.Durability}");
if (options.Overrides.Count > 0)
    report.AppendLine(inv, $"HOCON overrides: {string.Join(" | ", options.Overrides)}");
report.AppendLine();
report.AppendLine("| journal | N | events/s min | median | max | recovery actors/s min | median | max | peak working set MB | failures |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");

var profile = options.Profile ? new SqlProfile() : null;

foreach (var n in options.Sizes)
{
    if (options.Sqlite)
    {
        var results = new List<RunResult>();
        for (var r = 0; r < options.Runs; r++)
        {
            profile?.Reset();
            var result = await JournalWorkload.RunSqlite(n, options, profile);
            Console.Error.WriteLine(string.Create(inv, $"sqlite N={n} run {r + 1}: {result.EventsPerSecond:F0} events/s, recovery {result.RecoveriesPerSecond:F0} actors/s, peak {result.PeakWorkingSetBytes / 1048576} MB {result.Failure}"));
            results.Add(result);
            if (profile is not null)
                Console.Error.WriteLine(profile.Report());
        }

        report.AppendLine(Row("SQLite file (Akka.Persistence.Sql, our config)", n, results));
    }

    if (options.Postgres is not null)
    {
        var results = new List<RunResult>();
        for (var r = 0; r < options.Runs; r++)
        {
            profile?.Reset();
            var result = await JournalWorkload.RunPostgres(n, options, profile);
            Console.Error.WriteLine(string.Create(inv, $"postgresql N={n} run {r + 1}: {result.EventsPerSecond:F0} events/s, recovery {result.RecoveriesPerSecond:F0} actors/s, peak {result.PeakWorkingSetBytes / 1048576} MB {result.Failure}"));
            results.Add(result);
            if (profile is not null)
                Console.Error.WriteLine(profile.Report());
        }

        report.AppendLine(Row("PostgreSQL (Akka.Persistence.Sql, hocon/postgresql.conf)", n, results));
    }

    if (options.Memory)
    {
        var results = new List<RunResult>();
        for (var r = 0; r < options.Runs; r++)
        {
            var result = await JournalWorkload.RunMemory(n, options);
            Console.Error.WriteLine(string.Create(inv, $"memory N={n} run {r + 1}: {result.EventsPerSecond:F0} events/s, recovery {result.RecoveriesPerSecond:F0} actors/s, peak {result.PeakWorkingSetBytes / 1048576} MB {result.Failure}"));
            results.Add(result);
        }

        report.AppendLine(Row("in-memory journal (ceiling)", n, results));
    }
}

report.AppendLine();
report.AppendLine(inv, $"Warnings logged: {ProblemCounter.Warnings}, errors logged: {ProblemCounter.Errors}");
foreach (var sample in ProblemCounter.Samples)
    report.AppendLine(inv, $"- {sample.ReplaceLineEndings(" ")}");

if (options.Raw)
{
    report.AppendLine();
    report.AppendLine("| raw Microsoft.Data.Sqlite (WAL, journal schema) | rows | rows/s min | median | max |");
    report.AppendLine("|---|---:|---:|---:|---:|");
    foreach (var (label, durability, rows, perTx) in new[]
             {
                 ("1 row/transaction, synchronous=FULL", SqliteDurability.Full, 2_000, 1),
                 ("1 row/transaction, synchronous=NORMAL", SqliteDurability.Normal, 20_000, 1),
                 ("100 rows/transaction, synchronous=NORMAL", SqliteDurability.Normal, 100_000, 100),
             })
    {
        var rates = Enumerable.Range(0, options.Runs).Select(_ => RawSqlite.RowsPerSecond(durability, rows, perTx)).Order().ToList();
        report.AppendLine(inv, $"| {label} | {rows:N0} | {rates[0]:N0} | {rates[rates.Count / 2]:N0} | {rates[^1]:N0} |");
    }
}

Console.WriteLine(report.ToString());
return 0;

static string Row(string label, int n, List<RunResult> results)
{
    var inv = CultureInfo.InvariantCulture;
    var w = results.Select(r => r.EventsPerSecond).Order().ToList();
    var rec = results.Select(r => r.RecoveriesPerSecond).Order().ToList();
    var peak = results.Max(r => r.PeakWorkingSetBytes) / 1048576;
    var failures = string.Join("; ", results.Where(r => r.Failure is not null).Select(r => r.Failure));
    return string.Create(inv, $"| {label} | {n:N0} | {w[0]:N0} | {w[w.Count / 2]:N0} | {w[^1]:N0} | {rec[0]:N0} | {rec[rec.Count / 2]:N0} | {rec[^1]:N0} | {peak:N0} | {(failures.Length == 0 ? "none" : failures)} |");
}
