using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskActors.Bench.Compare.Cells;

/// <summary>The workloads of the comparison (the numbering).</summary>
public static class Workloads
{
    /// <summary>(1) N one-shot no-op in-process jobs submitted at once; time until all are done.</summary>
    public const string OneShot = "oneshot";

    /// <summary>(2) N jobs that fail on attempts 1 and 2 and succeed on attempt 3, with a short backoff.</summary>
    public const string Retry = "retry";

    /// <summary>(3) Submit-to-start latency at a fixed arrival rate.</summary>
    public const string Latency = "latency";

    /// <summary>(4) N subprocess jobs running <c>true</c>, submitted at once; time until all are done.</summary>
    public const string Subprocess = "subprocess";

    /// <summary>(5) TaskActors only: cold start on a large store, then list latency.</summary>
    public const string ColdStart = "coldstart";

    /// <summary>The raw SQLite limit of this machine (not a workload of a system).</summary>
    public const string RawSqlite = "rawsqlite";
}

/// <summary>
/// What the harness asks a child process to measure: <c>--cell SYSTEM:WORKLOAD --n N [--rate R] [--backoff-ms B]
/// [--dir DIR] [--timeout S] [--arg KEY=VALUE]...</c>. Parsed by both cell hosts (the harness itself and the Hangfire peer).
/// </summary>
public sealed record CellRequest(string System, string Workload, int N, double Rate, int BackoffMs, string Dir, TimeSpan Timeout, IReadOnlyDictionary<string, string> Args)
{
    public const string Flag = "--cell";

    public static CellRequest Parse(IReadOnlyList<string> args)
    {
        string? cell = null;
        int n = 0, backoff = 20;
        double rate = 0;
        var dir = Path.GetTempPath();
        var timeout = TimeSpan.FromMinutes(10);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case Flag: cell = Next(); break;
                case "--n": n = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate": rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--backoff-ms": backoff = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--dir": dir = Next(); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--arg":
                    var pair = Next().Split('=', 2);
                    extra[pair[0]] = pair.Length == 2 ? pair[1] : string.Empty;
                    break;
                default: throw new ArgumentException($"unknown cell argument {args[i]}");
            }
        }

        var parts = (cell ?? throw new ArgumentException("--cell SYSTEM:WORKLOAD is required")).Split(':', 2);
        if (parts.Length != 2)
            throw new ArgumentException("--cell takes SYSTEM:WORKLOAD");
        return new CellRequest(parts[0], parts[1], n, rate, backoff, dir, timeout, extra);
    }

    /// <summary>The command-line arguments that reproduce this request.</summary>
    public IEnumerable<string> ToArgs()
    {
        var inv = CultureInfo.InvariantCulture;
        yield return Flag;
        yield return $"{System}:{Workload}";
        foreach (var (flag, value) in new[]
                 {
                     ("--n", N.ToString(inv)), ("--rate", Rate.ToString(inv)), ("--backoff-ms", BackoffMs.ToString(inv)), ("--dir", Dir),
                     ("--timeout", Timeout.TotalSeconds.ToString(inv)),
                 })
        {
            yield return flag;
            yield return value;
        }

        foreach (var (key, value) in Args)
        {
            yield return "--arg";
            yield return $"{key}={value}";
        }
    }

    public string Arg(string key, string fallback) => Args.TryGetValue(key, out var v) ? v : fallback;

    public int IntArg(string key, int fallback) => Args.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>
/// One measured cell, returned by the child process as a single JSON line on stdout after <see cref="Marker"/>.
/// Throughput is completed jobs per second of <see cref="Seconds"/>; latencies are in milliseconds (NaN when the workload
/// has none). <see cref="Config"/> says how the system was set up; <see cref="Note"/> what differs from the workload as
/// specified (e.g. a backoff the system cannot express). <see cref="Extra"/> holds workload-specific figures.
/// </summary>
public sealed record CellResult(
    string System, string Workload, int N, int Completed, double Seconds, double Throughput,
    double P50Ms, double P99Ms, double MaxMs, long PeakWorkingSetBytes, string Config, string? Note, string? Failure,
    Dictionary<string, double> Extra)
{
    /// <summary>
    /// True when the cell broke (an exception, no result) rather than measured a slow or incomplete run: the harness then
    /// exits non-zero, so CI notices a harness that rotted, but never fails on speed.
    /// </summary>
    public bool Crashed { get; init; }

    public const string Marker = "CELL-RESULT ";

    /// <summary>NaN (no latency, an unmeasured figure) must survive the trip through JSON.</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static CellResult Failed(CellRequest request, string failure, bool crashed) =>
        new(request.System, request.Workload, request.N, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, PeakWorkingSet(), string.Empty, null, failure, [])
        {
            Crashed = crashed,
        };

    /// <summary>The process's peak working set so far (VmHWM on Linux): runtime start-up included.</summary>
    public static long PeakWorkingSet()
    {
        using var self = global::System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    public double ExtraOr(string key) => Extra.TryGetValue(key, out var v) ? v : double.NaN;

    /// <summary>Writes the result line (the only stdout line the harness reads).</summary>
    public void Emit()
    {
        Console.Out.Flush();
        Console.WriteLine(Marker + JsonSerializer.Serialize(this, Json));
        Console.Out.Flush();
    }

    public static CellResult? TryParse(string line) =>
        line.StartsWith(Marker, StringComparison.Ordinal) ? JsonSerializer.Deserialize<CellResult>(line[Marker.Length..], Json) : null;
}
