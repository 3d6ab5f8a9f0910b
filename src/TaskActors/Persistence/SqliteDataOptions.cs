using LinqToDB;

namespace TaskActors.Persistence;

/// <summary>
/// Builds the linq2db <see cref="DataOptions"/> that Akka.Persistence.Sql uses for every SQLite connection.
/// Called by <see cref="TaskActorsPersistence.CreateSetup"/>; the result travels to the journal, snapshot store and
/// read journal inside an <c>Akka.Persistence.Sql.Config.DataOptionsSetup</c>.
/// </summary>
internal static class SqliteDataOptions
{
    /// <summary>linq2db provider name for Microsoft.Data.Sqlite (the most specific name avoids provider detection).</summary>
    public const string ProviderName = LinqToDB.ProviderName.SQLiteMS;

    /// <summary>
    /// Returns options with the store's connection string, the <c>SQLite.MS</c> provider and an after-open hook
    /// that applies <see cref="SqliteConnectionPragmas"/> to each new native connection.
    /// </summary>
    public static DataOptions Create(SqliteStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pragmas = new SqliteConnectionPragmas(settings);
        return new DataOptions()
            .UseConnectionString(ProviderName, settings.ConnectionString)
            .UseAfterConnectionOpened(
                pragmas.Apply,
                (connection, _) =>
                {
                    // Microsoft.Data.Sqlite has no truly asynchronous I/O; running the pragmas inline is what its
                    // own async methods would do too.
                    pragmas.Apply(connection);
                    return Task.CompletedTask;
                });
    }
}
