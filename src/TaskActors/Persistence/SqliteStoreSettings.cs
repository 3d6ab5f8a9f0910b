using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace TaskActors.Persistence;

/// <summary>
/// The SQLite store the persistence plugins talk to, as read from the <c>task-actors.sqlite</c> HOCON section.
/// Built by <see cref="FromConfig"/> from the final configuration (<see cref="TaskActorsConfig"/> output, optionally
/// with user overrides on top); used by <see cref="SqliteStoreInitializer"/> and <see cref="SqliteDataOptions"/>.
/// </summary>
/// <param name="ConnectionString">Microsoft.Data.Sqlite connection string of the single database file (or shared in-memory database).</param>
/// <param name="Durability">What a committed write survives; see <see cref="SqliteDurability"/>.</param>
/// <param name="BusyTimeout">How long SQLite's own busy handler waits for a lock before giving up.</param>
/// <param name="CacheSizeKib">Page cache per connection, in KiB.</param>
/// <param name="MmapSizeBytes">Bytes of the file read through memory mapping (0 disables it).</param>
public sealed record SqliteStoreSettings(
    string ConnectionString,
    SqliteDurability Durability,
    TimeSpan BusyTimeout,
    int CacheSizeKib,
    long MmapSizeBytes)
{
    /// <summary>True when the connection string names a shared in-memory database (tests), which has no WAL and no file.</summary>
    public bool IsInMemory => new SqliteConnectionStringBuilder(ConnectionString).Mode == SqliteOpenMode.Memory;

    /// <summary>
    /// Reads <c>task-actors.sqlite</c> from <paramref name="config"/>. Throws <see cref="ConfigurationException"/>
    /// when the connection string is missing or the durability value is unknown.
    /// </summary>
    public static SqliteStoreSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetConfig("task-actors.sqlite")
            ?? throw new ConfigurationException("Missing HOCON section task-actors.sqlite.");

        var connectionString = section.GetString("connection-string", string.Empty);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException("task-actors.sqlite.connection-string must be set (use TaskActorsConfig.ForSqliteFile).");

        return new SqliteStoreSettings(
            connectionString,
            ParseDurability(section.GetString("durability", "normal")),
            section.GetTimeSpan("busy-timeout", TimeSpan.FromSeconds(10)),
            section.GetInt("cache-size-kib", 8192),
            section.GetLong("mmap-size", 0));
    }

    /// <summary>Parses the HOCON spelling (<c>normal</c> | <c>full</c>) of a <see cref="SqliteDurability"/>.</summary>
    public static SqliteDurability ParseDurability(string value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            "NORMAL" => SqliteDurability.Normal,
            "FULL" => SqliteDurability.Full,
            _ => throw new ConfigurationException($"task-actors.sqlite.durability must be 'normal' or 'full', not '{value}'."),
        };
}
