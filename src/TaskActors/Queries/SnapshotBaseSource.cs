using Akka.Actor;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Identity;
using TaskActors.Persistence;

namespace TaskActors.Queries;

/// <summary>
/// The index's way to a task's latest snapshot, straight from the SQLite snapshot table (<see cref="TaskSnapshotRows"/>):
/// needed when the journal feed meets a task whose earlier events the retention deleted (its first event read has a
/// sequence number above 1, or above the next one expected). Called on the index's thread, once per such task (one
/// primary-key lookup); a rebuild of a store whose tasks all kept their full journals never calls it.
/// </summary>
internal sealed class SnapshotBaseSource(SqliteStoreSettings store)
{
    private readonly SqliteConnectionPragmas _pragmas = new(store);

    /// <summary>The source for the SQLite store of <paramref name="system"/>, or null when it has none configured.</summary>
    public static SnapshotBaseSource? Create(ActorSystem system)
    {
        var config = system.Settings.Config;
        return SqliteStoreSettings.IsConfigured(config) ? new SnapshotBaseSource(SqliteStoreSettings.Create(config)) : null;
    }

    /// <summary>Task <paramref name="id"/>'s latest snapshot, or null when it has none.</summary>
    public TaskSnapshotRow? Latest(TaskId id)
    {
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        _pragmas.Apply(connection);
        return TaskSnapshotRows.Latest(connection, PersistenceIds.Task(id));
    }
}
