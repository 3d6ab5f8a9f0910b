using System.Data.Common;
using TaskActors.Model.Json;
using TaskActors.Model.State;
using TaskActors.Serialization;

namespace TaskActors.Persistence;

/// <summary>A task's latest snapshot as stored: the state after the event at <paramref name="SequenceNr"/>.</summary>
internal sealed record TaskSnapshotRow(long SequenceNr, TaskState State);

/// <summary>
/// Reads a task's latest snapshot straight from the snapshot table of Akka.Persistence.Sql, on SQLite or PostgreSQL (the
/// payload is <see cref="TaskEventSerializer"/>'s JSON under its manifest, in the table of <see cref="SqliteSchema"/> or
/// <c>PostgreSqlSchema</c>; the connection comes from <see cref="StoreConnections"/> or the file reader), for readers
/// that do not go through a persistent actor: <see cref="TaskJournalReader"/> and the index, which must start a task
/// whose first journal events were deleted by the retention (<see cref="JournalRetention"/>) from its snapshot.
/// </summary>
internal static class TaskSnapshotRows
{
    /// <summary>The latest snapshot of <paramref name="persistenceId"/>, or null when it has none.</summary>
    /// <exception cref="FormatException">The snapshot cannot be read (names the persistence id, sequence number and manifest).</exception>
    public static TaskSnapshotRow? Latest(DbConnection connection, string persistenceId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_number, manifest, snapshot, serializer_id
            FROM snapshot
            WHERE persistence_id = @pid
            ORDER BY sequence_number DESC
            LIMIT 1
            """;
        command.AddParameter("@pid", persistenceId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var sequenceNr = reader.GetInt64(0);
        var manifest = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
        var serializer = reader.IsDBNull(3) ? (int?)null : Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (serializer != TaskEventSerializer.SerializerId || reader.IsDBNull(2))
            {
                throw new FormatException($"expected a task-state snapshot of serializer {TaskEventSerializer.SerializerId}, found serializer {serializer?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            }

            return TaskEventJson.FromBytes((byte[])reader.GetValue(2), manifest) is TaskState state
                ? new TaskSnapshotRow(sequenceNr, state)
                : throw new FormatException($"'{manifest}' is not a task state");
        }
        catch (FormatException e)
        {
            throw new FormatException($"{persistenceId} snapshot at sequence number {sequenceNr} (manifest '{manifest}'): {e.Message}", e);
        }
    }
}
