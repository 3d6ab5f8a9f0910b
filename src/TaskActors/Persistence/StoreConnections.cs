using System.Data.Common;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;
using TaskActors.Configuration;
using TaskActors.Persistence.PostgreSql;

namespace TaskActors.Persistence;

/// <summary>The kinds of store a TaskActors configuration can name.</summary>
internal enum StoreKind
{
    /// <summary>No store (a system on another journal, e.g. Akka's in-memory journal in tests).</summary>
    None,

    /// <summary><c>task-actors.sqlite.connection-string</c> is set: one SQLite file per node.</summary>
    Sqlite,

    /// <summary><c>task-actors.postgresql.connection-string</c> is set: a PostgreSQL database, shareable by nodes.</summary>
    PostgreSql,
}

/// <summary>
/// Plain ADO.NET connections to the configured store, for the runtime's readers that run their own SQL beside the
/// Akka.Persistence.Sql plugins (<see cref="TaskSnapshotRows"/>, <see cref="TaskJournalReader"/>,
/// <c>Queries.SnapshotBaseSource</c>, <c>Queries.PurgedTaskScan</c>): a SQLite connection with the store's pragmas, or
/// an Npgsql connection, and the few spellings in which their SQL differs (<see cref="Dialect"/>).
/// </summary>
/// <remarks>
/// The readers write SQL both stores accept: <c>@name</c> parameters (<see cref="DbCommandExtensions.AddParameter"/>),
/// <c>deleted = FALSE/TRUE</c> (a boolean column on PostgreSQL, 0/1 on SQLite, whose TRUE and FALSE are 1 and 0),
/// <c>LIMIT</c>, and <see cref="StoreDialect.BinaryOrder"/> where an order or a range of persistence ids must be by code point.
/// </remarks>
internal abstract class StoreConnections
{
    /// <summary>The SQL spellings of this store.</summary>
    public abstract StoreDialect Dialect { get; }

    /// <summary>An open connection, configured for this store (the caller disposes it).</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Which store <paramref name="config"/> names. Throws <see cref="TaskActorsConfigurationException"/> when both
    /// connection strings are set: a node writes to exactly one store.
    /// </summary>
    public static StoreKind KindOf(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sqlite = SqliteStoreSettings.IsConfigured(config);
        var postgres = PostgreSqlStoreSettings.IsConfigured(config);
        return (sqlite, postgres) switch
        {
            (true, true) => throw new TaskActorsConfigurationException(
                PostgreSqlStoreSettings.ConnectionStringKey,
                config.GetString(PostgreSqlStoreSettings.ConnectionStringKey),
                $"empty while {SqliteStoreSettings.Section}.connection-string is set too (a node uses one store: TaskActorsConfig.ForSqliteFile or TaskActorsConfig.ForPostgreSql, not both)"),
            (true, false) => StoreKind.Sqlite,
            (false, true) => StoreKind.PostgreSql,
            _ => StoreKind.None,
        };
    }

    /// <summary>The connections of the store <paramref name="config"/> names, or null when it names none.</summary>
    public static StoreConnections? For(Config config) => KindOf(config) switch
    {
        StoreKind.Sqlite => new SqliteStoreConnections(SqliteStoreSettings.Create(config)),
        StoreKind.PostgreSql => new PostgreSqlStoreConnections(PostgreSqlStoreSettings.Create(config)),
        _ => null,
    };
}

/// <summary>Connections to a SQLite store: pooled Microsoft.Data.Sqlite connections with the store's pragmas.</summary>
internal sealed class SqliteStoreConnections(SqliteStoreSettings settings) : StoreConnections
{
    private readonly SqliteConnectionPragmas _pragmas = new(settings);

    /// <inheritdoc />
    public override StoreDialect Dialect => StoreDialect.Sqlite;

    /// <inheritdoc />
    public override DbConnection Open()
    {
        var connection = new SqliteConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            _pragmas.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>Connections to a PostgreSQL store: pooled Npgsql connections.</summary>
internal sealed class PostgreSqlStoreConnections(PostgreSqlStoreSettings settings) : StoreConnections
{
    /// <inheritdoc />
    public override StoreDialect Dialect => StoreDialect.PostgreSql;

    /// <inheritdoc />
    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>Where the readers' SQL differs between the stores.</summary>
/// <param name="BinaryOrder">Appended to a persistence id in ORDER BY and range predicates so that it compares by code point
/// (SQLite's default; PostgreSQL's default collation may follow a locale that ignores punctuation such as the '-' in "task-").</param>
/// <param name="BeginRead">Starts a read-only transaction that sees one consistent state of both tables across statements.</param>
/// <param name="TableExists">A query with one <c>@table</c> parameter that counts the tables of that name the readers can see.</param>
internal sealed record StoreDialect(string BinaryOrder, string BeginRead, string TableExists)
{
    /// <summary>SQLite: a deferred transaction, which in WAL mode reads one snapshot and never blocks the writer.</summary>
    public static StoreDialect Sqlite { get; } = new(
        string.Empty,
        "BEGIN",
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table");

    /// <summary>PostgreSQL: repeatable read gives the transaction one snapshot for all of its statements.</summary>
    public static StoreDialect PostgreSql { get; } = new(
        " COLLATE \"C\"",
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table");
}

/// <summary>Parameters in the one spelling both stores accept.</summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds parameter <paramref name="name"/> (written <c>@name</c> in the SQL and here) with <paramref name="value"/>.</summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> without a result.</summary>
    public static void Execute(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the store behind <paramref name="connection"/> has table <paramref name="table"/>.</summary>
    public static bool HasTable(this DbConnection connection, StoreDialect dialect, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = dialect.TableExists;
        command.AddParameter("@table", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
