using System.Globalization;

namespace TaskActors.Testing;

/// <summary>
/// One attempt of a cluster probe's task as its workload logged it (<c>tests/TaskActors.ClusterProbe</c>, <c>ClusterWorkload</c>):
/// "start A NODE NS", then "end A NS" or "term A NS" (NS = nanoseconds since the epoch). Read by the cluster specs and
/// the cluster failover benchmark; a start or stop logged twice is an <see cref="InvalidDataException"/>.
/// </summary>
public sealed record ProbeAttemptLog(int Attempt, string Node, long StartNs, long? StoppedNs, string? Stop)
{
    /// <summary>The attempts logged in <paramref name="path"/>, by attempt number (an empty list when there is no log yet).</summary>
    public static List<ProbeAttemptLog> Read(string path)
    {
        var attempts = new SortedDictionary<int, ProbeAttemptLog>();
        string[] lines;
        try
        {
            // Only complete lines: whatever follows the last line break is still being written.
            lines = File.ReadAllText(path).Split('\n')[..^1];
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
            {
                continue; // a line being written
            }

            var attempt = (int)Number(parts[1], line, path);
            switch (parts[0])
            {
                case "start" when parts.Length == 4:
                    if (attempts.ContainsKey(attempt))
                    {
                        throw new InvalidDataException($"{path}: attempt {attempt} started twice");
                    }

                    attempts[attempt] = new ProbeAttemptLog(attempt, parts[2], Number(parts[3], line, path), null, null);
                    break;
                case "end" or "term":
                    var started = attempts[attempt];
                    if (started.StoppedNs is not null)
                    {
                        throw new InvalidDataException($"{path}: attempt {attempt} ended twice");
                    }

                    attempts[attempt] = started with { StoppedNs = Number(parts[2], line, path), Stop = parts[0] };
                    break;
            }
        }

        return [.. attempts.Values];
    }

    private static long Number(string text, string line, string path) =>
        long.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{path}: cannot read '{text}' in '{line}'");

    /// <summary>How many tasks logged in <paramref name="work"/> have their latest attempt started on <paramref name="node"/> and not stopped.</summary>
    public static int OpenOn(string node, string work) =>
        Directory.EnumerateFiles(work, "c-*.log").Count(path => Read(path).LastOrDefault() is { StoppedNs: null } last && last.Node == node);

    /// <summary>
    /// For each task whose attempt on <paramref name="node"/> was cut at <paramref name="cutNs"/> (running then, and not
    /// ended by itself): seconds from the cut to its next attempt's start (on another node), or null when none followed.
    /// </summary>
    public static IReadOnlyDictionary<string, double?> Failovers(string node, string work, long cutNs) =>
        Directory.EnumerateFiles(work, "c-*.log").Select(path => (Id: Path.GetFileNameWithoutExtension(path), Log: Read(path)))
            .Select(x => (x.Id, x.Log, Cut: x.Log.FindIndex(a => a.Node == node && a.StartNs < cutNs && (a.StoppedNs is null || a.StoppedNs >= cutNs) && a.Stop != "end")))
            .Where(x => x.Cut >= 0)
            .ToDictionary(x => x.Id, x => x.Cut < x.Log.Count - 1 ? (x.Log[x.Cut + 1].StartNs - cutNs) / 1e9 : (double?)null);

    /// <summary>Now, in the workload's unit (nanoseconds since the epoch).</summary>
    public static long NowNs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}
