using Akka.Configuration;

namespace TaskActors.Configuration;

/// <summary>
/// Loads the HOCON files embedded in this assembly: the reference configuration beside this file
/// (<c>src/TaskActors/Configuration/task-actors.reference.conf</c>) and the SQLite and PostgreSQL overlays users copy from the
/// top-level <c>hocon/</c> folder. <c>TaskActorsConfig</c> builds the fallback chain from them; the settings classes'
/// <c>Create(Config)</c> fall back on <see cref="Reference"/> for every key.
/// </summary>
public static class EmbeddedHocon
{
    /// <summary>Logical name of <c>task-actors.reference.conf</c> (beside this file).</summary>
    public const string ReferenceResource = "TaskActors.task-actors.reference.conf";

    /// <summary>Logical name of <c>hocon/sqlite.conf</c>.</summary>
    public const string SqliteResource = "TaskActors.sqlite.conf";

    /// <summary>Logical name of <c>hocon/cluster.conf</c>.</summary>
    public const string ClusterResource = "TaskActors.cluster.conf";

    /// <summary>Logical name of <c>hocon/postgresql.conf</c>.</summary>
    public const string PostgreSqlResource = "TaskActors.postgresql.conf";

    private static readonly Lazy<Config> LazyReference = new(() => Load(ReferenceResource));
    private static readonly Lazy<Config> LazySqlite = new(() => Load(SqliteResource));
    private static readonly Lazy<Config> LazyPostgreSql = new(() => Load(PostgreSqlResource));
    private static readonly Lazy<Config> LazyCluster = new(() => Load(ClusterResource));

    /// <summary>Every TaskActors key with its default (the reference configuration).</summary>
    public static Config Reference => LazyReference.Value;

    /// <summary>The SQLite tuning overlay for the Akka.Persistence.Sql plugins.</summary>
    public static Config Sqlite => LazySqlite.Value;

    /// <summary>The cluster overlay: Akka.Cluster membership, failure detection, downing and sharding for TaskActors.</summary>
    public static Config Cluster => LazyCluster.Value;

    /// <summary>The PostgreSQL overlay for the Akka.Persistence.Sql plugins.</summary>
    public static Config PostgreSql => LazyPostgreSql.Value;

    /// <summary>Parses the embedded resource <paramref name="logicalName"/>; throws if it is not embedded.</summary>
    public static Config Load(string logicalName)
    {
        using var stream = typeof(EmbeddedHocon).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Embedded HOCON resource '{logicalName}' is missing from {typeof(EmbeddedHocon).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
