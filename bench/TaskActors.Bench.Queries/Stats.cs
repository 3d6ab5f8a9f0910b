namespace TaskActors.Bench.Queries;

/// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
public sealed record Latency(int Count, double P50, double P99, double Max, double Mean)
{
    public static Latency Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(sorted.Length, Rank(0.50), Rank(0.99), sorted[^1], sorted.Average());
    }
}
