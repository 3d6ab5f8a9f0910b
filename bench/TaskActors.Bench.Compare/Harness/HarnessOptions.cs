using System.Globalization;
using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare;

/// <summary>The sizes of one run.</summary>
/// <param name="OneShot">Workload 1: N no-op jobs.</param>
/// <param name="Retry">Workload 2: N jobs that fail twice.</param>
/// <param name="BackoffMs">Workload 2: the backoff asked for (fixed, no jitter).</param>
/// <param name="Rate">Workload 3: arrivals per second.</param>
/// <param name="LatencySeconds">Workload 3: how long jobs arrive.</param>
/// <param name="Subprocess">Workload 4: N subprocess jobs.</param>
/// <param name="ColdFinished">Workload 5: finished tasks in the store.</param>
/// <param name="ColdActive">Workload 5: active tasks in the store.</param>
/// <param name="ListQueries">Workload 5: list queries per query shape.</param>
/// <param name="RawRows">Raw SQLite: rows per variant.</param>
/// <param name="Repetitions">Repetitions of workloads 1–4 and the raw SQLite cell (medians are reported).</param>
/// <param name="CellTimeout">Time allowed for a measured phase (and for the warm-up) of workloads 1–4.</param>
/// <param name="ColdTimeout">Time allowed for each step of workload 5.</param>
/// <param name="WarmupJobs">Jobs of the same kind each cell of workloads 1–4 runs before its clock starts.</param>
/// <param name="SettleMs">Quiet time after the warm-up.</param>
public sealed record Sizes(
    int OneShot, int Retry, int BackoffMs, double Rate, double LatencySeconds, int Subprocess, int ColdFinished, int ColdActive, int ListQueries,
    IReadOnlyDictionary<string, int> RawRows, int Repetitions, TimeSpan CellTimeout, TimeSpan ColdTimeout, int WarmupJobs, int SettleMs)
{
    public static Sizes Quick { get; } = new(
        200, 100, 20, 100, 3, 100, 3_000, 100, 200,
        new Dictionary<string, int> { ["single-full"] = 500, ["single-normal"] = 2_000, ["batch-full"] = 20_000, ["batch-normal"] = 20_000 },
        1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), 20, 200);

    public static Sizes Full { get; } = new(
        4_000, 500, 20, 100, 10, 500, 50_000, 1_000, 1_000,
        new Dictionary<string, int> { ["single-full"] = 3_000, ["single-normal"] = 20_000, ["batch-full"] = 100_000, ["batch-normal"] = 200_000 },
        3, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(900), 200, 1_000);

    public int LatencyJobs => (int)Math.Round(Rate * LatencySeconds);

    /// <summary>The N of a workload, as the report shows it.</summary>
    public int N(string workload) => workload switch
    {
        Workloads.OneShot => OneShot,
        Workloads.Retry => Retry,
        Workloads.Latency => LatencyJobs,
        Workloads.Subprocess => Subprocess,
        _ => ColdFinished,
    };
}

/// <summary>
/// Command line of the harness: <c>[--quick] [--out DIR] [--reps N] [--only NAME[,NAME]]</c>. <c>--quick</c> runs
/// everything small (for CI: the harness cannot rot; nothing is asserted about speed). <c>--out</c> is where
/// <c>benchmarks.md</c>, <c>benchmarks.png</c> and <c>benchmarks.json</c> go (default: <c>docs/</c> of the repository for a
/// full run, <c>$TMPDIR/taskactors-compare-quick</c> for a quick one, so a quick run never replaces the published page).
/// <c>--only</c> keeps the cells whose system or workload is named (for diagnosis; the report says so).
/// </summary>
public sealed record HarnessOptions(bool Quick, string OutDir, Sizes Sizes, IReadOnlySet<string> Only, IReadOnlyList<string> Arguments)
{
    public static HarnessOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = quick ? Sizes.Quick : Sizes.Full;
        string? outDir = null;
        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--out":
                    outDir = Next();
                    break;
                case "--reps":
                    sizes = sizes with { Repetitions = int.Parse(Next(), CultureInfo.InvariantCulture) };
                    break;
                case "--only":
                    only.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}; usage: [--quick] [--out DIR] [--reps N] [--only NAME[,NAME]]");
            }
        }

        // A full run writes the committed page; a quick one (too small to publish) goes to a temp folder unless told otherwise.
        outDir ??= quick
            ? Path.Combine(Path.GetTempPath(), "taskactors-compare-quick")
            : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "docs");
        return new HarnessOptions(quick, Path.GetFullPath(outDir), sizes, only, args);
    }

    public string Command =>
        "dotnet run -c Release --project bench/TaskActors.Bench.Compare" + (Arguments.Count == 0 ? string.Empty : " -- " + string.Join(' ', Arguments));

    /// <summary>The folder holding TaskActors.sln above this program, or null.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskActors.sln")))
                return dir.FullName;
        }

        return null;
    }
}
