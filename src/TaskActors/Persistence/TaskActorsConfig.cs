using System.Text;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Configuration;

namespace TaskActors.Persistence;

/// <summary>
/// Builds the complete configuration for a TaskActors store: the location (this class) over <c>hocon/sqlite.conf</c>
/// (or <c>hocon/postgresql.conf</c> for <see cref="ForPostgreSql"/>) over the reference configuration (<c>src/TaskActors/Configuration/task-actors.reference.conf</c>). Called by hosts, tests and the benchmark before
/// <see cref="TaskActorsPersistence.CreateActorSystem"/>; the returned <see cref="Config"/> can take further
/// overrides in front of it with <c>overrides.WithFallback(result)</c>.
/// </summary>
public static class TaskActorsConfig
{
    /// <summary>
    /// Configuration for a store in the SQLite file at <paramref name="path"/> (created if missing) with the given
    /// <paramref name="durability"/> (see <see cref="SqliteDurability"/>).
    /// </summary>
    public static Config ForSqliteFile(string path, SqliteDurability durability = SqliteDurability.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Private cache: with a shared cache SQLite reports table locks as SQLITE_LOCKED, which the busy
            // handler does not wait on, and read_uncommitted would expose uncommitted rows.
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        return ForConnectionString(builder.ToString(), durability);
    }

    /// <summary>
    /// Configuration for a shared in-memory database named <paramref name="name"/> (tests). It lives as long as the
    /// <see cref="SqliteStoreHandle"/> from the initializer; it has no WAL and no durability.
    /// </summary>
    public static Config ForSqliteInMemory(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = name,
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        };
        return ForConnectionString(builder.ToString(), SqliteDurability.Normal);
    }

    /// <summary>
    /// Configuration for a store in the PostgreSQL database of <paramref name="connectionString"/> (an Npgsql connection
    /// string: Host, Port, Database, Username, Password, ...): the location over <c>hocon/postgresql.conf</c> over the
    /// reference. The tables are created at start by <see cref="PostgreSql.PostgreSqlStoreInitializer"/> (the database
    /// must exist). Several nodes may share one database.
    /// </summary>
    public static Config ForPostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var cs = HoconText.Quote(connectionString);
        var hocon = new StringBuilder()
            .Append("task-actors.postgresql.connection-string = ").AppendLine(cs)
            .Append("akka.persistence.journal.sql.connection-string = ").AppendLine(cs)
            .Append("akka.persistence.snapshot-store.sql.connection-string = ").AppendLine(cs)
            .Append("akka.persistence.query.journal.sql.connection-string = ").AppendLine(cs)
            .ToString();
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(EmbeddedHocon.PostgreSql)
            .WithFallback(EmbeddedHocon.Reference);
    }

    /// <summary>Configuration for an arbitrary Microsoft.Data.Sqlite connection string.</summary>
    public static Config ForConnectionString(string connectionString, SqliteDurability durability = SqliteDurability.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var cs = HoconText.Quote(connectionString);
        var durabilityText = SqliteStoreSettings.DurabilityText(durability);
        var hocon = new StringBuilder()
            .Append("task-actors.sqlite.connection-string = ").AppendLine(cs)
            .Append("task-actors.sqlite.durability = ").AppendLine(durabilityText)
            .Append("akka.persistence.journal.sql.connection-string = ").AppendLine(cs)
            .Append("akka.persistence.snapshot-store.sql.connection-string = ").AppendLine(cs)
            .Append("akka.persistence.query.journal.sql.connection-string = ").AppendLine(cs)
            .ToString();
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(EmbeddedHocon.Sqlite)
            .WithFallback(EmbeddedHocon.Reference);
    }

    /// <summary>The actor system name of the command's cluster nodes (<c>taskactors serve --postgres</c>): part of every seed address.</summary>
    public const string ClusterSystemName = "taskactors";

    /// <summary>
    /// Configuration for a cluster node on the shared store in <paramref name="store"/> (e.g. from <c>ForPostgreSql</c>):
    /// the node listens on <paramref name="hostname"/>:<paramref name="port"/> (0 = any free port) and joins through
    /// <paramref name="seedNodes"/> (each <c>host:port</c> of a node of actor system <paramref name="systemName"/>, or a full
    /// <c>akka.tcp://</c> address; the first seed that is this node itself forms the cluster when no other answers).
    /// Over <c>hocon/cluster.conf</c> over <paramref name="store"/>. Every node of one cluster uses the same
    /// <paramref name="systemName"/>.
    /// </summary>
    public static Config ForCluster(Config store, string systemName, string hostname, int port, IEnumerable<string> seedNodes)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(systemName);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        ArgumentNullException.ThrowIfNull(seedNodes);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var seeds = seedNodes.Select(seed => HoconText.Quote(seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.tcp://{systemName}@{seed}"));
        var hocon = new StringBuilder()
            .Append("akka.remote.dot-netty.tcp.hostname = ").AppendLine(HoconText.Quote(hostname))
            .Append("akka.remote.dot-netty.tcp.port = ").AppendLine(port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("akka.cluster.seed-nodes = [").AppendJoin(", ", seeds).AppendLine("]")
            .ToString();
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(EmbeddedHocon.Cluster)
            .WithFallback(store);
    }
}
