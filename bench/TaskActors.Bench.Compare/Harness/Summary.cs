using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare;

/// <summary>Median, minimum and maximum over the repetitions of a cell (NaN when nothing was measured).</summary>
public sealed record Stat(double Median, double Min, double Max, int Count)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0
            ? new Stat(double.NaN, double.NaN, double.NaN, 0)
            : new Stat(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, sorted[0], sorted[^1], sorted.Length);
    }
}

/// <summary>The results of a run, grouped by system and workload, with ratios to TaskActors.</summary>
public sealed class RunSummary(IReadOnlyList<CellResult> results, Sizes sizes)
{
    public IReadOnlyList<CellResult> Results => results;
    public Sizes Sizes => sizes;

    /// <summary>The successful repetitions of a cell.</summary>
    public IReadOnlyList<CellResult> Runs(string system, string workload) =>
        results.Where(r => r.System == system && r.Workload == workload && r.Failure is null).ToList();

    public IReadOnlyList<CellResult> Failures(string system, string workload) =>
        results.Where(r => r.System == system && r.Workload == workload && r.Failure is not null).ToList();

    public bool Ran(string system, string workload) => results.Any(r => r.System == system && r.Workload == workload);

    public Stat Throughput(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.Throughput));
    public Stat Seconds(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.Seconds));
    public Stat P50(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.P50Ms));
    public Stat P99(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.P99Ms));
    public Stat Max(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.MaxMs));
    public Stat PeakMb(string system, string workload) => Stat.Of(Runs(system, workload).Select(r => r.PeakWorkingSetBytes / 1048576.0));
    public Stat Extra(string system, string workload, string key) => Stat.Of(Runs(system, workload).Select(r => r.ExtraOr(key)));

    /// <summary>A system's median throughput divided by TaskActors' (above 1: more jobs per second than TaskActors).</summary>
    public double ThroughputRatio(string system, string workload) =>
        Throughput(system, workload).Median / Throughput(Lineup.TaskActors, workload).Median;

    /// <summary>A system's median latency divided by TaskActors' (above 1: slower to start than TaskActors).</summary>
    public double LatencyRatio(string system, Func<string, string, Stat> latency) =>
        latency(system, Workloads.Latency).Median / latency(Lineup.TaskActors, Workloads.Latency).Median;

    /// <summary>The configuration and deviation note of a system's cells (the same in every repetition).</summary>
    public CellResult? First(string system, string workload) =>
        results.FirstOrDefault(r => r.System == system && r.Workload == workload && r.Failure is null) ??
        results.FirstOrDefault(r => r.System == system && r.Workload == workload);
}
