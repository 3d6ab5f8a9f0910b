using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Journal;
using TaskActors.Persistence;

namespace TaskActors.Bench.Compare.Systems;

/// <summary>
/// The physical limit of the store on this machine: plain Microsoft.Data.Sqlite inserts of journal-shaped rows into the
/// journal table, WAL, with the product's connection pragmas (the journal benchmark's <see cref="RawSqlite"/>), one row
/// per transaction and 100 rows per transaction, at both durabilities.
/// </summary>
public static class RawSqliteCell
{
    public const string System = "sqlite";

    /// <summary>The variants: key, durability, rows per transaction.</summary>
    public static readonly (string Key, SqliteDurability Durability, int RowsPerTransaction, string Label)[] Variants =
    [
        ("single-full", SqliteDurability.Full, 1, "1 row per transaction, synchronous=FULL"),
        ("single-normal", SqliteDurability.Normal, 1, "1 row per transaction, synchronous=NORMAL"),
        ("batch-full", SqliteDurability.Full, 100, "100 rows per transaction, synchronous=FULL"),
        ("batch-normal", SqliteDurability.Normal, 100, "100 rows per transaction, synchronous=NORMAL"),
    ];

    public static CellResult Run(CellRequest request)
    {
        var extra = new Dictionary<string, double>();
        foreach (var (key, durability, perTransaction, _) in Variants)
        {
            var rows = request.IntArg(key, 1_000);
            extra[key] = RawSqlite.RowsPerSecond(durability, rows, perTransaction);
            extra[key + ".rows"] = rows;
            Console.Error.WriteLine($"  raw SQLite {key}: {extra[key]:N0} rows/s ({rows:N0} rows)");
        }

        return new CellResult(
            request.System, request.Workload, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, CellResult.PeakWorkingSet(),
            "Microsoft.Data.Sqlite 10.0.0, WAL, one prepared INSERT into the journal table, the product's pragmas (busy_timeout, cache_size)", null, null, extra);
    }
}
