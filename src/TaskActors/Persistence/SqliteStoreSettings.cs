using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Configuration;

namespace TaskActors.Persistence;

/// <summary>
/// The SQLite store the persistence plugins talk to, as read from the <c>task-actors.sqlite</c> HOCON section
/// (documented, with its defaults, in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>).
/// Built by <see cref="Create"/> from the final configuration (<see cref="TaskActorsConfig"/> output, optionally
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
    /// <summary>The HOCON section these settings are read from.</summary>
    public const string Section = "task-actors.sqlite";

    // The HOCON spelling of each durability: read by Create and ParseDurability, written by DurabilityText.
    private static readonly Dictionary<string, SqliteDurability> Durabilities = new(StringComparer.Ordinal)
    {
        ["normal"] = SqliteDurability.Normal,
        ["full"] = SqliteDurability.Full,
    };

    /// <summary>True when the connection string names a shared in-memory database (tests), which has no WAL and no file.</summary>
    public bool IsInMemory => new SqliteConnectionStringBuilder(ConnectionString).Mode == SqliteOpenMode.Memory;

    /// <summary>
    /// Reads and checks every key of <c>task-actors.sqlite</c> from <paramref name="config"/>, with the reference
    /// configuration as the fallback for keys it does not set. Throws <see cref="TaskActorsConfigurationException"/>
    /// for a value that is not allowed, including the reference's empty connection string (a store is chosen with
    /// <see cref="TaskActorsConfig.ForSqliteFile"/>).
    /// </summary>
    public static SqliteStoreSettings Create(Config config)
    {
        var read = new SettingsReader(config, Section);
        return new SqliteStoreSettings(
            read.String("connection-string", "a Microsoft.Data.Sqlite connection string (TaskActorsConfig.ForSqliteFile sets it)", IsConnectionString),
            read.OneOf("durability", Durabilities),
            read.NonNegativeDuration("busy-timeout"),
            read.Int("cache-size-kib", atLeast: 1),
            read.Long("mmap-size", atLeast: 0));
    }

    /// <summary>
    /// Whether <paramref name="config"/> names a SQLite store (a non-empty <c>task-actors.sqlite.connection-string</c>);
    /// a system on another journal (tests on Akka's in-memory journal) has none, and the parts that read the SQLite
    /// file directly stay off.
    /// </summary>
    public static bool IsConfigured(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return !string.IsNullOrWhiteSpace(config.GetString(Section + ".connection-string", string.Empty));
    }

    /// <summary>
    /// Parses the HOCON spelling (<c>normal</c> | <c>full</c>, any case) of a <see cref="SqliteDurability"/>, as
    /// <c>task-actors.sqlite.durability</c> would; throws <see cref="TaskActorsConfigurationException"/> otherwise.
    /// </summary>
    public static SqliteDurability ParseDurability(string value) =>
        new SettingsReader(ConfigurationFactory.ParseString(Section + ".durability = " + HoconText.Quote(value ?? string.Empty)), Section)
            .OneOf("durability", Durabilities);

    /// <summary>The HOCON spelling of <paramref name="durability"/> (<c>normal</c> | <c>full</c>).</summary>
    public static string DurabilityText(SqliteDurability durability) =>
        Durabilities.Single(d => d.Value == durability).Key;

    private static bool IsConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(value).DataSource);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
