using Akka.Configuration;
using Npgsql;
using TaskActors.Configuration;

namespace TaskActors.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL store the persistence plugins talk to, as read from the <c>task-actors.postgresql</c> HOCON section
/// (documented, with its defaults, in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>). Built by
/// <see cref="Create"/> from the final configuration (<see cref="TaskActorsConfig.ForPostgreSql"/> output, optionally
/// with overrides in front); used by <see cref="PostgreSqlStoreInitializer"/>, <see cref="TaskActorsPersistence"/> and
/// the raw-SQL readers (<see cref="StoreConnections"/>).
/// </summary>
/// <param name="ConnectionString">Npgsql connection string of the database holding the journal and snapshot tables.</param>
public sealed record PostgreSqlStoreSettings(string ConnectionString)
{
    /// <summary>The HOCON section these settings are read from.</summary>
    public const string Section = "task-actors.postgresql";

    /// <summary>The full path of the connection-string key, named in every error about reaching the server.</summary>
    public const string ConnectionStringKey = Section + ".connection-string";

    /// <summary>
    /// Reads and checks every key of <c>task-actors.postgresql</c> from <paramref name="config"/>, with the reference
    /// configuration as the fallback. Throws <see cref="TaskActorsConfigurationException"/> for a value that is not
    /// allowed, including the reference's empty connection string and one Npgsql cannot parse or that names no host.
    /// </summary>
    public static PostgreSqlStoreSettings Create(Config config)
    {
        var read = new SettingsReader(config, Section);
        return new PostgreSqlStoreSettings(
            read.String("connection-string", "an Npgsql connection string naming at least Host (TaskActorsConfig.ForPostgreSql sets it)", IsConnectionString));
    }

    /// <summary>
    /// Whether <paramref name="config"/> names a PostgreSQL store (a non-empty <c>task-actors.postgresql.connection-string</c>).
    /// </summary>
    public static bool IsConfigured(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return !string.IsNullOrWhiteSpace(config.GetString(ConnectionStringKey, string.Empty));
    }

    /// <summary>"host:port/database as user" of the connection string: how errors name the server (never the password).</summary>
    internal string ServerDescription
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default database)"} as {builder.Username ?? "(the OS user)"}";
        }
    }

    private static bool IsConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
