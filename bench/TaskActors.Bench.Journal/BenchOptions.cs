using System.Globalization;

namespace TaskActors.Bench.Journal;

/// <summary>Command-line options: --n 1000,10000 --runs 3 --journal sqlite|memory|both --durability normal|full
/// --set "hocon.key = value" (repeatable, for experiments) --raw on|off --timeout 180 --postgres CONN (also runs our
/// configuration on the PostgreSQL database of the Npgsql connection string CONN: a scratch database, whose journal and
/// snapshot tables are emptied before each run).</summary>
public sealed record BenchOptions(
    IReadOnlyList<int> Sizes,
    int Runs,
    bool Sqlite,
    bool Memory,
    string Durability,
    IReadOnlyList<string> Overrides,
    bool Raw,
    TimeSpan Timeout,
    int MinThreads,
    bool Profile,
    string? Postgres)
{
    public static BenchOptions Parse(string[] args)
    {
        var sizes = new List<int> { 1000, 10000 };
        var runs = 3;
        var journal = "both";
        var durability = "normal";
        var overrides = new List<string>();
        var raw = true;
        var timeout = TimeSpan.FromSeconds(180);
        var minThreads = 0;
        var profile = false;
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--n": sizes = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--journal": journal = Next(); break;
                case "--durability": durability = Next(); break;
                case "--set": overrides.Add(Next()); break;
                case "--raw": raw = Next() is "on" or "true" or "yes"; break;
                case "--timeout": timeout = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--min-threads": minThreads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--profile": profile = true; break;
                case "--postgres": postgres = Next(); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }

        if (journal is not ("sqlite" or "memory" or "both"))
            throw new ArgumentException("--journal must be sqlite, memory or both");
        return new BenchOptions(sizes, runs, journal != "memory", journal != "sqlite", durability, overrides, raw, timeout, minThreads, profile, postgres);
    }
}
