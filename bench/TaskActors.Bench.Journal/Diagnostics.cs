namespace TaskActors.Bench.Journal;

/// <summary>Process-wide counters the phases report (first-chance exceptions are a classic hidden CPU cost).</summary>
public static class Diagnostics
{
    private static long s_firstChance;

    public static long FirstChanceExceptions => Interlocked.Read(ref s_firstChance);

    public static void Install() =>
        AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref s_firstChance);
}
