using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LinqToDB;
using LinqToDB.Data;

namespace TaskActors.Bench.Journal;

/// <summary>
/// --profile: linq2db tracing of every completed operation (open, begin, command, commit), summed per kind, to
/// show how much wall time the database work takes compared with the whole run.
/// </summary>
public sealed class SqlProfile
{
    private readonly ConcurrentDictionary<string, (long Count, long Ticks)> _totals = new();

    public DataOptions Attach(DataOptions options) => options.UseTracing(TraceLevel.Info, OnTrace);

    public void Reset() => _totals.Clear();

    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"native SQLite connections configured: {TaskActors.Persistence.SqliteConnectionPragmas.NativeConnectionsConfigured}");
        foreach (var t in new[] { typeof(long?), typeof(Akka.Persistence.Sql.Journal.Types.JournalRow), typeof(Akka.Persistence.Sql.Snapshot.LongSnapshotRow), typeof(int) })
        {
            var q = typeof(LinqToDB.Internal.Linq.Query<>).MakeGenericType(t);
            var misses = q.GetProperty("CacheMissCount")?.GetValue(null);
            sb.AppendLine(CultureInfo.InvariantCulture, $"linq2db Query<{t.Name}> cache misses: {misses}");
        }

        sb.AppendLine("| operation | count | total ms | mean µs |").AppendLine("|---|---:|---:|---:|");
        foreach (var (key, (count, ticks)) in _totals.OrderByDescending(kv => kv.Value.Ticks))
        {
            var ms = TimeSpan.FromTicks(ticks).TotalMilliseconds;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {count} | {ms:F0} | {ms * 1000 / Math.Max(1, count):F0} |");
        }

        return sb.ToString();
    }

    private void OnTrace(TraceInfo info)
    {
        if (info.TraceInfoStep is not (TraceInfoStep.Completed or TraceInfoStep.AfterExecute) || info.ExecutionTime is not { } time)
            return;
        // Readers report AfterExecute (statement started) and Completed (rows read); keep only the final step for them.
        if (info.Operation == TraceOperation.ExecuteReader && info.TraceInfoStep != TraceInfoStep.Completed)
            return;
        var key = info.Operation + " " + Classify(info.SqlText ?? info.CommandText);
        _totals.AddOrUpdate(key, (1, time.Ticks), (_, v) => (v.Count + 1, v.Ticks + time.Ticks));
    }

    private static string Classify(string? sql)
    {
        if (string.IsNullOrEmpty(sql))
            return string.Empty;
        var s = sql.ToUpperInvariant();
        if (s.Contains("INSERT", StringComparison.Ordinal)) return "insert journal";
        if (s.Contains("MAX(", StringComparison.Ordinal)) return "max seq";
        if (s.Contains("FROM\n\t[SNAPSHOT]", StringComparison.Ordinal) || s.Contains("[SNAPSHOT]", StringComparison.Ordinal)) return "snapshot";
        if (s.Contains("[JOURNAL]", StringComparison.Ordinal)) return "journal select";
        return s.Length > 30 ? s[..30] : s;
    }
}
