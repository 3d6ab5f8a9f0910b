using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TaskActors.Persistence;

namespace TaskActors.Bench.Journal;

/// <summary>Raw Microsoft.Data.Sqlite insert rate into the same journal schema (WAL), one prepared command.</summary>
public static class RawSqlite
{
    public static double RowsPerSecond(SqliteDurability durability, int rows, int rowsPerTransaction)
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskactors-raw-{Guid.NewGuid():N}.db");
        var settings = new SqliteStoreSettings($"Data Source={path}", durability, TimeSpan.FromSeconds(10), 8192, 0);
        try
        {
            using (SqliteStoreInitializer.Initialize(settings))
            {
            }

            using var connection = new SqliteConnection(settings.ConnectionString);
            connection.Open();
            new SqliteConnectionPragmas(settings).Apply(connection);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
                VALUES ($created, 0, $pid, $seq, $message, NULL, 'bench-event.v1', 4201, 'raw')
                """;
            var created = insert.Parameters.Add("$created", SqliteType.Integer);
            var pid = insert.Parameters.Add("$pid", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var message = insert.Parameters.Add("$message", SqliteType.Blob);
            var payload = new byte[40];
            insert.Prepare();

            var watch = Stopwatch.StartNew();
            for (var done = 0; done < rows;)
            {
                using var tx = connection.BeginTransaction();
                insert.Transaction = tx;
                for (var i = 0; i < rowsPerTransaction && done < rows; i++, done++)
                {
                    created.Value = DateTime.UtcNow.Ticks;
                    pid.Value = "raw-" + (done / 3);
                    seq.Value = (done % 3) + 1;
                    message.Value = payload;
                    insert.ExecuteNonQuery();
                }

                tx.Commit();
            }

            return rows / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }
}
