using Akka.Actor;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Persistence;

namespace TaskActors.Queries;

/// <summary>A task whose history was purged: the last row of its journal, which the purge keeps but marks deleted.</summary>
/// <param name="Id">The task id.</param>
/// <param name="SequenceNr">The row's sequence number (its TaskDeleted's resourceVersion).</param>
/// <param name="Ordering">The row's global ordering.</param>
/// <param name="Event">The row's event, if it could be read (a <c>TaskDeleted</c>).</param>
internal sealed record PurgedTask(TaskId Id, long SequenceNr, long Ordering, ITaskEvent? Event);

/// <summary>
/// Finds tasks whose history was purged, straight from the store's journal table (SQLite or PostgreSQL, over
/// <see cref="StoreConnections"/>). Needed because a TaskActor purges its
/// events right after persisting <c>TaskDeleted</c>: Akka.Persistence.Sql then deletes the rows and marks the last one
/// (the <c>TaskDeleted</c>) deleted, and every read-journal query skips marked rows, so a reader in another process
/// almost never sees the deletion through the journal feed.
/// </summary>
/// <remarks>
/// One indexed range query: rows above an ordering that are marked deleted, of <c>task-*</c> persistence ids that have
/// no unmarked row left. Runs on the thread pool; the index pipes the result to itself.
/// </remarks>
internal sealed class PurgedTaskScan(StoreConnections store, Akka.Serialization.Serialization serialization)
{
    private const string Sql = """
        SELECT j.persistence_id, j.sequence_number, j.ordering, j.message, j.identifier, j.manifest
        FROM journal j
        WHERE j.ordering > @after AND j.deleted = TRUE AND j.persistence_id LIKE 'task-%'
          AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.persistence_id = j.persistence_id AND k.deleted = FALSE)
        ORDER BY j.ordering
        """;

    /// <summary>The scan for the store of <paramref name="system"/>, or null when it has none configured.</summary>
    public static PurgedTaskScan? Create(ActorSystem system) =>
        StoreConnections.For(system.Settings.Config) is { } store ? new PurgedTaskScan(store, system.Serialization) : null;

    /// <summary>The purged tasks whose marked row lies above <paramref name="after"/>, oldest first.</summary>
    public Task<List<PurgedTask>> RunAsync(long after) => Task.Run(() => Run(after));

    private List<PurgedTask> Run(long after)
    {
        using var connection = store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.AddParameter("@after", after);
        using var reader = command.ExecuteReader();
        var found = new List<PurgedTask>();
        while (reader.Read())
        {
            var persistenceId = reader.GetString(0);
            ITaskEvent? @event = null;
            if (!reader.IsDBNull(4))
            {
                try
                {
                    @event = serialization.Deserialize((byte[])reader.GetValue(3), Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture), reader.IsDBNull(5) ? string.Empty : reader.GetString(5)) as ITaskEvent;
                }
                catch (System.Runtime.Serialization.SerializationException)
                {
                    // the index then removes the task without handing watchers its last event
                }
            }

            found.Add(new PurgedTask(new TaskId(persistenceId["task-".Length..]), reader.GetInt64(1), reader.GetInt64(2), @event));
        }

        return found;
    }
}
