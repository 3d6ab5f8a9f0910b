using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using TaskActors.Persistence.PostgreSql;

namespace TaskActors.Persistence;

/// <summary>
/// Starts an actor system on a TaskActors store: the SQLite file of <see cref="TaskActorsConfig.ForSqliteFile"/> (the
/// default) or the PostgreSQL database of <see cref="TaskActorsConfig.ForPostgreSql"/>, whichever the configuration
/// names. Hosts, tests and the benchmark call <see cref="CreateActorSystem"/> with a config from
/// <see cref="TaskActorsConfig"/>; it prepares the store first (SQLite: WAL and schema; PostgreSQL: schema under an
/// advisory lock) and hands the plugins the connection options, so no persistent actor can run before the tables exist.
/// </summary>
public static class TaskActorsPersistence
{
    /// <summary>
    /// Builds the <see cref="ActorSystemSetup"/> for <paramref name="config"/>: the config itself plus a
    /// <see cref="DataOptionsSetup"/> with the store's linq2db options (on SQLite they make every Akka.Persistence.Sql
    /// connection run the store's pragmas; on PostgreSQL they name the <c>PostgreSQL.15</c> provider).
    /// Does not touch the database; initialise the store (<see cref="SqliteStoreInitializer.Initialize"/> or
    /// <see cref="PostgreSqlStoreInitializer.Initialize"/>) before starting the system.
    /// <paramref name="customize"/> may decorate the linq2db options further (diagnostics such as tracing).
    /// </summary>
    public static ActorSystemSetup CreateSetup(Config config, Func<DataOptions, DataOptions>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = StoreConnections.KindOf(config) == StoreKind.PostgreSql
            ? PostgreSqlDataOptions.Create(PostgreSqlStoreSettings.Create(config))
            : SqliteDataOptions.Create(SqliteStoreSettings.Create(config));
        if (customize is not null)
            options = customize(options);
        return BootstrapSetup.Create()
            .WithConfig(config)
            .And(new DataOptionsSetup(options));
    }

    /// <summary>
    /// Initialises the store named in <paramref name="config"/> (synchronously), then creates the actor system
    /// <paramref name="name"/> on it. A SQLite store handle (keep-alive connection of an in-memory store) is released
    /// when the system terminates. A PostgreSQL server that cannot be reached fails here with
    /// <see cref="PostgreSqlStoreUnavailableException"/>. <paramref name="customize"/> is passed to <see cref="CreateSetup"/>.
    /// </summary>
    public static ActorSystem CreateActorSystem(string name, Config config, Func<DataOptions, DataOptions>? customize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(config);
        if (StoreConnections.KindOf(config) == StoreKind.PostgreSql)
        {
            PostgreSqlStoreInitializer.Initialize(PostgreSqlStoreSettings.Create(config));
            return ActorSystem.Create(name, CreateSetup(config, customize));
        }

        var settings = SqliteStoreSettings.Create(config);
        var handle = SqliteStoreInitializer.Initialize(settings);
        try
        {
            var system = ActorSystem.Create(name, CreateSetup(config, customize));
            system.RegisterOnTermination(handle.Dispose);
            return system;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
