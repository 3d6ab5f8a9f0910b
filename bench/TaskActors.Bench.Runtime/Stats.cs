namespace TaskActors.Bench.Runtime;

/// <summary>Order statistics of run results.</summary>
public static class Stats
{
    /// <summary>Nearest-rank percentile of an ascending array (NaN when empty).</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Min, median (the middle run; the upper middle for an even count) and max.</summary>
    public static (double Min, double Median, double Max) Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? (double.NaN, double.NaN, double.NaN) : (sorted[0], sorted[sorted.Length / 2], sorted[^1]);
    }
}
