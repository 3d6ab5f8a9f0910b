using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using TaskActors.Persistence.PostgreSql;
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
/// Reads task histories straight from a store, read-only, without an ActorSystem: a SQLite store file
/// (<see cref="Open"/>) or a PostgreSQL database (<see cref="OpenPostgreSql"/>). It gives a task's kept events (the
/// audit trail) and its state, rebuilt from its latest snapshot plus the events after it through
/// <see cref="TaskState.Apply"/> exactly as the TaskActor's recovery does. Safe while nodes write the same store (each
/// read runs in one read-only transaction: SQLite's WAL or PostgreSQL's repeatable read give it one committed state,
/// and it never blocks a writer).
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

    private readonly DbConnection? _connection;

    private readonly StoreDialect _dialect;

    private readonly bool _hasSnapshots;

    private TaskJournalReader(DbConnection? connection, StoreDialect dialect)
    {
        _connection = connection;
        _dialect = dialect;
        // A store written before the schema was created up front may lack the snapshot table: then no task has a snapshot.
        _hasSnapshots = connection is not null && connection.HasTable(dialect, "snapshot");
    }

    /// <summary>
    /// Opens the PostgreSQL store of <paramref name="connectionString"/> (an Npgsql connection string) for reading; a
    /// database without the journal table reads as an empty store (nothing is created). A server that cannot be reached
    /// throws <see cref="PostgreSqlStoreUnavailableException"/>.
    /// </summary>
    public static TaskJournalReader OpenPostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = PostgreSqlStoreInitializer.Open(new PostgreSqlStoreSettings(connectionString));
        try
        {
            if (!connection.HasTable(StoreDialect.PostgreSql, "journal"))
            {
                connection.Dispose();
                return new TaskJournalReader(null, StoreDialect.PostgreSql);
            }

            return new TaskJournalReader(connection, StoreDialect.PostgreSql);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="storePath"/> read-only; a file that does not exist reads as an empty store (nothing is created).</summary>
    public static TaskJournalReader Open(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        if (!File.Exists(full))
        {
            return new TaskJournalReader(null, StoreDialect.Sqlite);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;";
            pragma.ExecuteNonQuery();
            if (!connection.HasTable(StoreDialect.Sqlite, "journal"))
            {
                connection.Dispose();
                return new TaskJournalReader(null, StoreDialect.Sqlite);
            }

            return new TaskJournalReader(connection, StoreDialect.Sqlite);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The kept (not deleted) events of task <paramref name="id"/>, oldest first; empty when it does not exist. The
    /// retention (<c>task-actors.runtime.retain-runs</c>) removes the events older than the task's latest snapshot and its
    /// last runs, so the first entry is <c>TaskCreated</c> only while nothing was removed; the kept entries are exact and
    /// consecutive.
    /// </summary>
    public IReadOnlyList<JournalEntry> Events(TaskId id)
    {
        var entries = Read("persistence_id = @pid", "sequence_number", ("@pid", PersistenceIds.Task(id))).Select(row => row.Entry).ToList();
        return entries.Any(e => e.Event is TaskDeleted) ? [] : entries;
    }

    /// <summary>
    /// The state of task <paramref name="id"/>: its latest snapshot plus the events after it (the whole journal when it
    /// has no snapshot), as the TaskActor recovers; null when it does not exist or was deleted. A history that cannot be
    /// read to its end throws <see cref="FormatException"/> naming where (<see cref="Task"/> reports it instead).
    /// </summary>
    public TaskState? State(TaskId id) => Task(id) is { } stored ? Strict(stored) : null;

    /// <summary>
    /// Every task in the store (not deleted), ordered by id, each rebuilt from its latest snapshot plus the events after
    /// it: the work per task is bounded by the snapshot interval, not by the length of its history. A damaged history
    /// throws <see cref="FormatException"/> (<see cref="Tasks"/> reports it instead).
    /// </summary>
    public IEnumerable<TaskState> States() => Tasks().Where(t => t.State.Exists).Select(Strict);

    /// <summary>
    /// Task <paramref name="id"/> as stored, damage included: null when it does not exist or was deleted. Unlike
    /// <see cref="State"/> it never throws for a history that cannot be read to its end (an unreadable event, a
    /// sequence gap, an event the state rejects): the result then carries the <see cref="TaskDamage"/> and the state the
    /// readable events before it give. Starts from the task's latest snapshot when it has one.
    /// </summary>
    public StoredTask? Task(TaskId id)
    {
        if (_connection is null)
        {
            return null;
        }

        using var transaction = ReadTransaction.Begin(_connection, _dialect);
        var persistenceId = PersistenceIds.Task(id);
        var from = LatestSnapshot(_connection, persistenceId)?.SequenceNr ?? 0;
        return Fold(Rows("persistence_id = @pid AND sequence_number >= @from", "sequence_number", ("@pid", persistenceId), ("@from", from)).ToList())
            .FirstOrDefault();
    }

    /// <summary>
    /// Every task in the store (not deleted), ordered by id, damaged ones included and flagged (see <see cref="Task"/>),
    /// each from its latest snapshot plus the events after it.
    /// </summary>
    public IEnumerable<StoredTask> Tasks()
    {
        if (_connection is null)
        {
            return [];
        }

        // One read transaction: the snapshots and journal rows read belong to the same moment of a store being written.
        using var transaction = ReadTransaction.Begin(_connection, _dialect);
        var id = "persistence_id" + _dialect.BinaryOrder;
        var afterSnapshot = $"{id} > @from AND {id} < @to" + (_hasSnapshots
            ? " AND sequence_number >= COALESCE((SELECT MAX(s.sequence_number) FROM snapshot s WHERE s.persistence_id = journal.persistence_id), 0)"
            : string.Empty);
        return Fold(Rows(afterSnapshot, $"{id}, sequence_number", ("@from", TaskPrefix), ("@to", "task.")).ToList()).ToList();
    }

    private static TaskState Strict(StoredTask stored) =>
        stored.Damage is { } damage
            ? throw new FormatException($"{damage.PersistenceId} sequence number {damage.SequenceNr}: {damage.Reason}")
            : stored.State;

    private IEnumerable<StoredTask> Fold(IEnumerable<Row> rows)
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
                state = LatestSnapshot(_connection!, current)?.State ?? TaskState.Empty;
                damage = null;
            }

            if (damage is not null || row.SequenceNr <= state.Version)
            {
                continue; // after the damage nothing is folded; rows the snapshot covers are skipped
            }

            var expected = state.Version + 1;
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
    private sealed record Row(string PersistenceId, long SequenceNr, DateTimeOffset WrittenAt, string Manifest, byte[] Payload, ITaskEvent? Event, string? Problem);

    private IEnumerable<Row> Rows(string where, string order, params (string Name, object Value)[] parameters)
    {
        if (_connection is null)
        {
            yield break;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT persistence_id, sequence_number, created, manifest, message
            FROM journal
            WHERE {where} AND deleted = FALSE AND identifier = {TaskEventSerializer.SerializerId}
            ORDER BY {order}
            """;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var manifest = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
            var payload = reader.IsDBNull(4) ? [] : (byte[])reader.GetValue(4);
            ITaskEvent? @event = null;
            string? problem = null;
            try
            {
                @event = TaskEventJson.FromBytes(payload, manifest) as ITaskEvent ?? throw new FormatException($"'{manifest}' is not an event");
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Model.Common.ModelException or ArgumentException or InvalidOperationException or InvalidCastException)
            {
                problem = e.Message;
            }

            var writtenAt = new DateTimeOffset(new DateTime(reader.GetInt64(2), DateTimeKind.Utc));
            yield return new Row(reader.GetString(0), reader.GetInt64(1), writtenAt, manifest, payload, @event, problem);
        }
    }

    /// <summary>The rows as journal entries; a row that cannot be read throws <see cref="FormatException"/> naming it.</summary>
    private IEnumerable<(string PersistenceId, JournalEntry Entry)> Read(string where, string order, params (string Name, object Value)[] parameters) =>
        Rows(where, order, parameters).Select(row => row.Event is { } @event
            ? (row.PersistenceId, new JournalEntry(row.SequenceNr, row.WrittenAt, row.Manifest, @event, Encoding.UTF8.GetString(row.Payload)))
            : throw new FormatException($"{row.PersistenceId} sequence number {row.SequenceNr} (manifest '{row.Manifest}'): {row.Problem}"));

    /// <summary>
    /// A read transaction begun by hand (<see cref="StoreDialect.BeginRead"/> ... ROLLBACK): SQLite's WAL or PostgreSQL's
    /// repeatable read gives it one consistent view of both tables.
    /// </summary>
    private sealed class ReadTransaction : IDisposable
    {
        private readonly DbConnection _connection;

        private ReadTransaction(DbConnection connection) => _connection = connection;

        public static ReadTransaction Begin(DbConnection connection, StoreDialect dialect)
        {
            connection.Execute(dialect.BeginRead);
            return new ReadTransaction(connection);
        }

        public void Dispose() => _connection.Execute("ROLLBACK");
    }

    private TaskSnapshotRow? LatestSnapshot(DbConnection connection, string persistenceId) =>
        _hasSnapshots ? TaskSnapshotRows.Latest(connection, persistenceId) : null;
}
