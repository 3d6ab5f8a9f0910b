using Microsoft.Data.Sqlite;

namespace TaskActors.Persistence;

/// <summary>
/// Returned by <see cref="SqliteStoreInitializer.Initialize"/>. For a shared in-memory database it holds the
/// keep-alive connection (the database vanishes when its last connection closes); for a file it holds nothing.
/// <see cref="TaskActorsPersistence.CreateActorSystem"/> disposes it when the actor system terminates.
/// </summary>
public sealed class SqliteStoreHandle : IDisposable
{
    private SqliteConnection? _keepAlive;

    internal SqliteStoreHandle(SqliteConnection? keepAlive) => _keepAlive = keepAlive;

    /// <summary>Closes the keep-alive connection, if any. Safe to call more than once.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _keepAlive, null)?.Dispose();
    }
}
