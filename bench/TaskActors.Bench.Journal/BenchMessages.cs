namespace TaskActors.Bench.Journal;

/// <summary>Marker bound to <see cref="BenchSerializer"/> so the benchmark never measures Newtonsoft.</summary>
public interface IBenchMessage;

/// <summary>The event each actor persists three times (created, started, finished in a real task).</summary>
public sealed record BenchEvent(int Step, long At) : IBenchMessage;

/// <summary>Command: persist the three events one after another, then reply <see cref="Done"/>.</summary>
public sealed record Run
{
    public static readonly Run Instance = new();
}

/// <summary>Command: reply with the number of events seen (recovery check).</summary>
public sealed record Ping
{
    public static readonly Ping Instance = new();
}

/// <summary>Reply to <see cref="Run"/> / <see cref="Ping"/> with the actor's event count.</summary>
public sealed record Done(int Events);
