namespace TaskActors.Persistence;

/// <summary>
/// How hard SQLite works to keep a committed journal write on disk. Read from
/// <c>task-actors.sqlite.durability</c> by <see cref="SqliteStoreSettings.Create"/> and applied to every
/// connection the journal, snapshot store and read journal open (see <see cref="SqliteConnectionPragmas"/>).
/// Both settings use the write-ahead log (WAL).
/// </summary>
public enum SqliteDurability
{
    /// <summary>
    /// WAL + <c>synchronous=NORMAL</c> (the default). A commit is written to the WAL file before the write is
    /// acknowledged, so every acknowledged event survives a crash or SIGKILL of the process. The WAL is fsynced
    /// only at checkpoints, so an OS crash or power loss can lose the most recent acknowledged commits
    /// (the database itself stays consistent, never corrupt).
    /// </summary>
    Normal = 0,

    /// <summary>
    /// WAL + <c>synchronous=FULL</c>: the WAL is fsynced on every commit, so acknowledged events also survive an
    /// OS crash or power loss. Each journal batch then costs one fsync (a few milliseconds on typical disks).
    /// </summary>
    Full = 1,
}
