using System.Globalization;

namespace TaskActors.Bench.Runtime;

/// <summary>
/// Command line: <c>[--tasks 10000] [--finished 100000] [--active 1000] [--runs 3] [--restarts 3] [--quick]
/// [--durability normal|full] [--build-budget 300] [--build-window 2000] [--restart process|inproc]
/// [--ceiling on|off] [--phases lifecycles,cold] [--timeout 600] [--resume-timeout 120] [--results PATH|none]
/// [--keep-store] [--hold SECONDS]</c> (the last two are for diagnostics: keep the cold-start store file; let a restart
/// child wait after its result so a profiler or dump tool can attach).
/// <c>--quick</c> sets tiny sizes first (N=500, F=1,000, A=100, 1 run, 1 restart); flags given with it still win.
/// </summary>
public sealed record BenchOptions
{
    public int Tasks { get; init; } = 10_000;
    public int Finished { get; init; } = 100_000;
    public int Active { get; init; } = 1_000;
    public int Runs { get; init; } = 3;
    public int Restarts { get; init; } = 3;
    public bool Quick { get; init; }
    public string Durability { get; init; } = "normal";

    /// <summary>Seconds allowed for submitting finished tasks while building the cold-start store (0 = no limit).</summary>
    public int BuildBudgetSeconds { get; init; } = 300;

    /// <summary>Finished tasks in flight at once while building the store.</summary>
    public int BuildWindow { get; init; } = 2_000;

    /// <summary>process: each restart in a fresh child process (default); inproc: a fresh actor system in this process.</summary>
    public string RestartMode { get; init; } = "process";

    /// <summary>Also run the lifecycle phase on Akka's in-memory journal, as the ceiling of the runtime itself.</summary>
    public bool Ceiling { get; init; } = true;

    public bool Lifecycles { get; init; } = true;
    public bool ColdStart { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// How long a restart waits for the active tasks to resume on their own; the ones still asleep then are touched
    /// with a client Get each (reported separately, as a failure of the wake-at-start requirement).
    /// </summary>
    public TimeSpan ResumeTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Where the report goes besides stdout; null = RESULTS.md next to the project for full runs, nowhere for --quick.</summary>
    public string? Results { get; init; }

    /// <summary>Internal: this process is a cold-start child measuring a restart on this store file.</summary>
    public string? ColdChildStore { get; init; }

    /// <summary>Internal diagnostics: a cold-start child waits this long after its result before it crashes (for dumps).</summary>
    public int HoldSeconds { get; init; }

    /// <summary>Keep the cold-start store file (its path is printed) for inspection.</summary>
    public bool KeepStore { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { Arguments = args };
        if (args.Contains("--quick"))
        {
            o = o with { Quick = true, Tasks = 500, Finished = 1_000, Active = 100, Runs = 1, Restarts = 1, Results = "none", ResumeTimeout = TimeSpan.FromSeconds(10) };
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--quick" => o,
                "--keep-store" => o with { KeepStore = true },
                "--hold" => o with { HoldSeconds = NextInt() },
                "--tasks" => o with { Tasks = NextInt() },
                "--finished" => o with { Finished = NextInt() },
                "--active" => o with { Active = NextInt() },
                "--runs" => o with { Runs = NextInt() },
                "--restarts" => o with { Restarts = NextInt() },
                "--durability" => o with { Durability = Next() },
                "--build-budget" => o with { BuildBudgetSeconds = NextInt() },
                "--build-window" => o with { BuildWindow = NextInt() },
                "--restart" => o with { RestartMode = Next() },
                "--ceiling" => o with { Ceiling = Next() is "on" or "true" or "yes" },
                "--phases" => WithPhases(o, Next()),
                "--timeout" => o with { Timeout = TimeSpan.FromSeconds(NextInt()) },
                "--resume-timeout" => o with { ResumeTimeout = TimeSpan.FromSeconds(NextInt()) },
                "--results" => o with { Results = Next() },
                "--cold-child" => o with { ColdChildStore = Next() },
                _ => throw new ArgumentException($"Unknown argument {args[i]}"),
            };
        }

        if (o.Durability is not ("normal" or "full"))
            throw new ArgumentException("--durability must be normal or full");
        if (o.RestartMode is not ("process" or "inproc"))
            throw new ArgumentException("--restart must be process or inproc");
        if (o.Tasks < 1 || o.Active < 1 || o.Finished < 0 || o.Runs < 1 || o.Restarts < 1 || o.BuildWindow < 1)
            throw new ArgumentException("--tasks, --active, --runs, --restarts and --build-window must be at least 1, --finished at least 0");
        return o;
    }

    private static BenchOptions WithPhases(BenchOptions o, string value)
    {
        var phases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (phases.Any(p => p is not ("lifecycles" or "cold")))
            throw new ArgumentException("--phases takes lifecycles and/or cold");
        return o with { Lifecycles = phases.Contains("lifecycles"), ColdStart = phases.Contains("cold") };
    }

    /// <summary>The command that reproduces this run.</summary>
    public string Command =>
        "dotnet run -c Release --project bench/TaskActors.Bench.Runtime" + (Arguments.Count == 0 ? string.Empty : " -- " + string.Join(' ', Arguments));
}
