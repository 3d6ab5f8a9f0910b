using System.Text;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Serialization;

namespace TaskActors.Persistence;

/// <summary>One event of a task's journal, as stored.</summary>
/// <param name="SequenceNr">The event's sequence number: the task's resourceVersion after it.</param>
/// <param name="WrittenAt">When the journal stored the row.</param>
/// <param name="Manifest">The stored manifest (<c>attempt-started.v1</c>, ...).</param>
/// <param name="Event">The event, read with the same code as recovery uses.</param>
/// <param name="Json">The stored payload (the serializer's JSON), unchanged.</param>
public sealed record JournalEntry(long SequenceNr, DateTimeOffset WrittenAt, string Manifest, ITaskEvent Event, string Json);

/// <summary>A task as <see cref="TaskJournalReader"/> found it: its state rebuilt from the readable events, and the damage when its history cannot be read to its end.</summary>
/// <param name="Id">The task id.</param>
/// <param name="State">The state the events before the damage (all of them, when undamaged) give; <see cref="TaskState.Exists"/> is false when even its <c>TaskCreated</c> could not be used.</param>
/// <param name="Damage">Where and why the history cannot be read, or null.</param>
public sealed record StoredTask(TaskId Id, TaskState State, TaskDamage? Damage)
{
    /// <summary>The task as clients see it (flagged when damaged), or null when no readable <c>TaskCreated</c> gives one.</summary>
    public TaskResource? Resource => State.Resource is { } task ? (Damage is { } damage ? task.WithDamage(damage) : task) : null;
}

/// <summary>
/// Reads task histories straight from a SQLite store file, read-only, without an ActorSystem: a task's events (the audit
/// trail) and its state, rebuilt by replaying them through <see cref="TaskState.Apply"/> exactly as the TaskActor's recovery
/// does. Safe while a node writes the same file (WAL: readers see the last committed state and never block the writer).
/// Used by the command line tool's read commands; also useful to audit a store from tests or tools.
/// </summary>
/// <remarks>
/// A deleted task (its <c>TaskDeleted</c> persisted, its rows purged or marked deleted) does not exist for this reader.
/// An event this version cannot read throws <see cref="FormatException"/> naming the persistence id, sequence number and
/// manifest.
/// </remarks>
public sealed class TaskJournalReader : IDisposable
{
    // Task persistence ids are "task-<id>": the range ("task-", "task.") holds exactly them ('.' follows '-').
    private const string TaskPrefix = "task-";

    private readonly SqliteConnection? _connection;

    private TaskJournalReader(SqliteConnection? connection) => _connection = connection;

    /// <summary>Opens <paramref name="storePath"/> read-only; a file that does not exist reads as an empty store (nothing is created).</summary>
    public static TaskJournalReader Open(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        if (!File.Exists(full))
        {
            return new TaskJournalReader(null);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;";
            pragma.ExecuteNonQuery();
            if (!HasJournal(connection))
            {
                connection.Dispose();
                return new TaskJournalReader(null);
            }

            return new TaskJournalReader(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The live (not deleted) events of task <paramref name="id"/>, oldest first; empty when it does not exist.</summary>
    public IReadOnlyList<JournalEntry> Events(TaskId id)
    {
        var entries = Read("persistence_id = $pid", "sequence_number", ("$pid", PersistenceIds.Task(id))).Select(row => row.Entry).ToList();
        return entries.Any(e => e.Event is TaskDeleted) ? [] : entries;
    }

    /// <summary>The state of task <paramref name="id"/> rebuilt from its events; null when it does not exist or was deleted.</summary>
    public TaskState? State(TaskId id)
    {
        var state = TaskState.Replay(Events(id).Select(e => e.Event));
        return state.Exists && !state.IsDeleted ? state : null;
    }

    /// <summary>Every task in the store (not deleted), ordered by id, each rebuilt from its events.</summary>
    public IEnumerable<TaskState> States()
    {
        string? current = null;
        var state = TaskState.Empty;
        foreach (var (persistenceId, entry) in Read("persistence_id > $from AND persistence_id < $to", "persistence_id, sequence_number", ("$from", TaskPrefix), ("$to", "task.")))
        {
            if (persistenceId != current)
            {
                if (current is not null && state.Exists && !state.IsDeleted)
                {
                    yield return state;
                }

                current = persistenceId;
                state = TaskState.Empty;
            }

            state = state.Apply(entry.Event);
        }

        if (current is not null && state.Exists && !state.IsDeleted)
        {
            yield return state;
        }
    }

    /// <summary>
    /// Task <paramref name="id"/> as stored, damage included: null when it does not exist or was deleted. Unlike
    /// <see cref="State"/> it never throws for a history that cannot be read to its end (an unreadable event, a
    /// sequence gap, an event the state rejects): the result then carries the <see cref="TaskDamage"/> and the state the
    /// readable events before it give.
    /// </summary>
    public StoredTask? Task(TaskId id) =>
        Fold(Rows("persistence_id = $pid", "sequence_number", ("$pid", PersistenceIds.Task(id)))).FirstOrDefault();

    /// <summary>Every task in the store (not deleted), ordered by id, damaged ones included and flagged (see <see cref="Task"/>).</summary>
    public IEnumerable<StoredTask> Tasks() =>
        Fold(Rows("persistence_id > $from AND persistence_id < $to", "persistence_id, sequence_number", ("$from", TaskPrefix), ("$to", "task.")));

    private static IEnumerable<StoredTask> Fold(IEnumerable<Row> rows)
    {
        string? current = null;
        var state = TaskState.Empty;
        TaskDamage? damage = null;
        foreach (var row in rows)
        {
            if (row.PersistenceId != current)
            {
                if (Finished(current, state, damage) is { } done)
                {
                    yield return done;
                }

                current = row.PersistenceId;
                state = TaskState.Empty;
                damage = null;
            }

            if (damage is not null)
            {
                continue;
            }

            var expected = (state.Resource?.Metadata.ResourceVersion ?? 0) + 1;
            if (row.SequenceNr != expected)
            {
                damage = new TaskDamage(row.PersistenceId, expected, $"sequence gap: event {expected} is missing (the journal continues at {row.SequenceNr})");
            }
            else if (row.Event is null)
            {
                damage = new TaskDamage(row.PersistenceId, row.SequenceNr, $"the stored event (manifest '{row.Manifest}') cannot be read: {row.Problem}");
            }
            else
            {
                try
                {
                    state = state.Apply(row.Event);
                }
                catch (Model.Common.ModelException e)
                {
                    damage = new TaskDamage(row.PersistenceId, row.SequenceNr, $"{row.Event.GetType().Name} cannot follow the events before it: {e.Message}");
                }
            }
        }

        if (Finished(current, state, damage) is { } last)
        {
            yield return last;
        }
    }

    private static StoredTask? Finished(string? persistenceId, TaskState state, TaskDamage? damage) =>
        persistenceId is null || state.IsDeleted || (!state.Exists && damage is null)
            ? null
            : new StoredTask(new TaskId(persistenceId[TaskPrefix.Length..]), state, damage);

    /// <inheritdoc />
    public void Dispose() => _connection?.Dispose();

    /// <summary>One stored row: its event, or why it cannot be read.</summary>
    private sealed record Row(string PersistenceId, long SequenceNr, string Manifest, ITaskEvent? Event, string? Problem);

    private IEnumerable<Row> Rows(string where, string order, params (string Name, string Value)[] parameters)
    {
        if (_connection is null)
        {
            yield break;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT persistence_id, sequence_number, manifest, message
            FROM journal
            WHERE {where} AND deleted = 0 AND identifier = {TaskEventSerializer.SerializerId}
            ORDER BY {order}
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var manifest = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
            ITaskEvent? @event = null;
            string? problem = null;
            try
            {
                @event = (reader.IsDBNull(3) ? null : TaskEventJson.FromBytes((byte[])reader.GetValue(3), manifest) as ITaskEvent)
                    ?? throw new FormatException($"'{manifest}' is not an event");
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Model.Common.ModelException or ArgumentException or InvalidOperationException or InvalidCastException)
            {
                problem = e.Message;
            }

            yield return new Row(reader.GetString(0), reader.GetInt64(1), manifest, @event, problem);
        }
    }

    private IEnumerable<(string PersistenceId, JournalEntry Entry)> Read(string where, string order, params (string Name, string Value)[] parameters)
    {
        if (_connection is null)
        {
            yield break;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT persistence_id, sequence_number, created, manifest, message
            FROM journal
            WHERE {where} AND deleted = 0 AND identifier = {TaskEventSerializer.SerializerId}
            ORDER BY {order}
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var persistenceId = reader.GetString(0);
            var sequenceNr = reader.GetInt64(1);
            var manifest = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
            var bytes = (byte[])reader.GetValue(4);
            ITaskEvent @event;
            try
            {
                @event = TaskEventJson.FromBytes(bytes, manifest) as ITaskEvent
                    ?? throw new FormatException($"'{manifest}' is not an event");
            }
            catch (FormatException e)
            {
                throw new FormatException($"{persistenceId} sequence number {sequenceNr} (manifest '{manifest}'): {e.Message}", e);
            }

            var writtenAt = new DateTimeOffset(new DateTime(reader.GetInt64(2), DateTimeKind.Utc));
            yield return (persistenceId, new JournalEntry(sequenceNr, writtenAt, manifest, @event, Encoding.UTF8.GetString(bytes)));
        }
    }

    private static bool HasJournal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
