using Microsoft.Data.Sqlite;
using TaskActors.Model.Json;
using TaskActors.Persistence;
using TaskActors.Serialization;

namespace TaskActors.Bench.Queries;

/// <summary>
/// Fills a fresh store's journal table with the synthetic tasks' events as rows in exactly the shape
/// Akka.Persistence.Sql writes them (serializer 7301, string manifest, Csv tags empty), in batches of 1,000 rows per
/// transaction — minutes faster than persisting 300,000 events through actors. The rebuild then reads them through
/// the real read journal (SqlReadJournal.CurrentAllEvents → TaskEventSerializer), the path a restart takes.
/// </summary>
public static class RawJournal
{
    public static (int Rows, TimeSpan Took) Fill(string storePath, int tasks)
    {
        var settings = new SqliteStoreSettings($"Data Source={storePath}", SqliteDurability.Normal, TimeSpan.FromSeconds(10), 8192, 0);
        using (SqliteStoreInitializer.Initialize(settings))
        {
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        new SqliteConnectionPragmas(settings).Apply(connection);
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
            VALUES ($created, 0, $pid, $seq, $message, NULL, $manifest, $identifier, 'bench-raw')
            """;
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        var pid = insert.Parameters.Add("$pid", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var message = insert.Parameters.Add("$message", SqliteType.Blob);
        var manifest = insert.Parameters.Add("$manifest", SqliteType.Text);
        insert.Parameters.AddWithValue("$identifier", TaskEventSerializer.SerializerId);
        insert.Prepare();
        var rows = 0;
        var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        for (var i = 0; i < tasks; i++)
        {
            var events = SyntheticTasks.Events(i);
            for (var n = 0; n < events.Count; n++)
            {
                created.Value = events[n].At.UtcTicks;
                pid.Value = PersistenceIds.Task(SyntheticTasks.Id(i));
                seq.Value = n + 1;
                message.Value = TaskEventJson.ToBytes(events[n]);
                manifest.Value = TaskEventJson.ManifestOf(events[n]);
                insert.ExecuteNonQuery();
                if (++rows % 1000 == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }
        }

        transaction.Commit();
        transaction.Dispose();
        return (rows, watch.Elapsed);
    }
}
