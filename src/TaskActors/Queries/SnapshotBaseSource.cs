using Akka.Actor;
using TaskActors.Model.Identity;
using TaskActors.Persistence;

namespace TaskActors.Queries;

/// <summary>
/// The index's way to a task's latest snapshot, straight from the store's snapshot table (<see cref="TaskSnapshotRows"/>,
/// over <see cref="StoreConnections"/>: SQLite or PostgreSQL):
/// needed when the journal feed meets a task whose earlier events the retention deleted (its first event read has a
/// sequence number above 1, or above the next one expected). Called on the index's thread, once per such task (one
/// primary-key lookup); a rebuild of a store whose tasks all kept their full journals never calls it.
/// </summary>
internal sealed class SnapshotBaseSource(StoreConnections store)
{
    /// <summary>The source for the store of <paramref name="system"/>, or null when it has none configured.</summary>
    public static SnapshotBaseSource? Create(ActorSystem system) =>
        StoreConnections.For(system.Settings.Config) is { } store ? new SnapshotBaseSource(store) : null;

    /// <summary>Task <paramref name="id"/>'s latest snapshot, or null when it has none.</summary>
    public TaskSnapshotRow? Latest(TaskId id)
    {
        using var connection = store.Open();
        return TaskSnapshotRows.Latest(connection, PersistenceIds.Task(id));
    }
}
