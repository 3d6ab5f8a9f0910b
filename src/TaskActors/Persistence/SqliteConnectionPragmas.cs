using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace TaskActors.Persistence;

/// <summary>
/// Applies the per-connection SQLite settings (busy timeout, synchronous level, cache and mmap size, secure delete).
/// Called by linq2db after it opens a connection for the journal / snapshot store / read journal (wired by
/// <see cref="SqliteDataOptions"/>) and by <see cref="SqliteStoreInitializer"/>.
/// </summary>
/// <remarks>
/// These pragmas are per connection, not stored in the file, so they must run on every native connection.
/// Why each matters:
/// <list type="bullet">
/// <item><c>busy_timeout</c>: Microsoft.Data.Sqlite never installs SQLite's busy handler; on SQLITE_BUSY it sleeps
/// 150 ms and retries. With the handler SQLite itself waits in fine steps, so a brief lock costs microseconds.</item>
/// <item><c>synchronous</c>: the durability choice (<see cref="SqliteDurability"/>); it is not persistent.</item>
/// <item><c>secure_delete</c>: SQLite overwrites deleted content with zeros, so a deleted task (its spec's <c>env</c>
/// values, its output tails) leaves no readable copy in the file's free pages; once the WAL is checkpointed the file
/// holds no trace of it. Measured cost: see <c>bench/TaskActors.Bench.Runtime/FINDINGS.md</c>.</item>
/// </list>
/// Microsoft.Data.Sqlite pools native connections, and the pragmas survive in a pooled connection, so they are
/// run once per native handle (remembered in a weak table) rather than on every checkout.
/// </remarks>
internal sealed class SqliteConnectionPragmas
{
    // Keyed by the native handle, which outlives the pooled SqliteConnection wrappers; the value is the pragma
    // script applied, so a handle configured with different settings (another store in the same process) is redone.
    private static readonly ConditionalWeakTable<object, string> Applied = new();

    private readonly string _script;

    /// <summary>Builds the pragma script for <paramref name="settings"/>.</summary>
    public SqliteConnectionPragmas(SqliteStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var synchronous = settings.Durability == SqliteDurability.Full ? "FULL" : "NORMAL";
        _script = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)settings.BusyTimeout.TotalMilliseconds}; " +
            $"PRAGMA synchronous = {synchronous}; " +
            $"PRAGMA cache_size = -{settings.CacheSizeKib}; " +
            $"PRAGMA mmap_size = {settings.MmapSizeBytes}; " +
            $"PRAGMA secure_delete = ON;");
    }

    /// <summary>The SQL run on each new native connection (exposed for tests and diagnostics).</summary>
    public string Script => _script;

    /// <summary>
    /// Runs the pragmas on an open <paramref name="connection"/> unless this native connection already has them.
    /// Connections that are not <see cref="SqliteConnection"/> are ignored.
    /// </summary>
    public void Apply(System.Data.Common.DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite || sqlite.Handle is not { } handle)
            return;
        if (Applied.TryGetValue(handle, out var done) && string.Equals(done, _script, StringComparison.Ordinal))
            return;

        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = _script;
            command.ExecuteNonQuery();
        }

        Applied.AddOrUpdate(handle, _script);
        Interlocked.Increment(ref s_nativeConnectionsConfigured);
    }

    private static long s_nativeConnectionsConfigured;

    /// <summary>How many native connections have been configured so far in this process (diagnostics: with working
    /// connection pooling this stays near the pool size).</summary>
    public static long NativeConnectionsConfigured => Interlocked.Read(ref s_nativeConnectionsConfigured);
}
