using System.Globalization;

namespace TaskActors.Bench.Queries;

/// <summary>
/// Command line: <c>[--tasks 100000] [--queries 1000] [--watch-changes N] [--journal-tasks 2000] [--quick]
/// [--results PATH|none]</c>. <c>--quick</c> sets 10,000 tasks, 200 queries, 500 journal-written tasks and writes no
/// results file; flags given with it still win.
/// </summary>
public sealed record BenchOptions
{
    public int Tasks { get; init; } = 100_000;
    public int Queries { get; init; } = 1_000;

    /// <summary>Changes delivered to the watch subscriber (default: one per task).</summary>
    public int? WatchChanges { get; init; }

    /// <summary>Tasks written through Akka.Persistence (real journal writes) for the small rebuild comparison; 0 = skip.</summary>
    public int JournalTasks { get; init; } = 2_000;

    public bool Quick { get; init; }
    public string? Results { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string Command => "dotnet run -c Release --project bench/TaskActors.Bench.Queries --" + (Arguments.Count == 0 ? string.Empty : " " + string.Join(' ', Arguments));

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { Arguments = args };
        if (args.Contains("--quick"))
        {
            o = o with { Quick = true, Tasks = 10_000, Queries = 200, JournalTasks = 500, Results = "none" };
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--tasks" => o with { Tasks = NextInt() },
                "--queries" => o with { Queries = NextInt() },
                "--watch-changes" => o with { WatchChanges = NextInt() },
                "--journal-tasks" => o with { JournalTasks = NextInt() },
                "--results" => o with { Results = Next() },
                "--quick" => o,
                _ => throw new ArgumentException($"unknown argument {args[i]}; see BenchOptions"),
            };
        }

        return o;
    }
}
