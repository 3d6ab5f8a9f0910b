using LinqToDB;

namespace TaskActors.Persistence.PostgreSql;

/// <summary>
/// Builds the linq2db <see cref="DataOptions"/> Akka.Persistence.Sql uses for every PostgreSQL connection. Called by
/// <see cref="TaskActorsPersistence.CreateSetup"/>; the result travels to the journal, snapshot store and read journal
/// inside an <c>Akka.Persistence.Sql.Config.DataOptionsSetup</c> (so a <c>customize</c> decoration, e.g. tracing, applies
/// on PostgreSQL as on SQLite).
/// </summary>
internal static class PostgreSqlDataOptions
{
    /// <summary>linq2db provider name for PostgreSQL 15 and later (the same as <c>hocon/postgresql.conf</c> names).</summary>
    public const string ProviderName = LinqToDB.ProviderName.PostgreSQL15;

    /// <summary>Options with the store's connection string and the <c>PostgreSQL.15</c> provider.</summary>
    public static DataOptions Create(PostgreSqlStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DataOptions().UseConnectionString(ProviderName, settings.ConnectionString);
    }
}
