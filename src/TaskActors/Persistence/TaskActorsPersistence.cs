using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace TaskActors.Persistence;

/// <summary>
/// Starts an actor system on a TaskActors SQLite store. Hosts, tests and the benchmark call
/// <see cref="CreateActorSystem"/> with a config from <see cref="TaskActorsConfig"/>; it prepares the store first
/// (WAL, schema) and hands the plugins the tuned connection options, so no persistent actor can run before the
/// tables exist.
/// </summary>
public static class TaskActorsPersistence
{
    /// <summary>
    /// Builds the <see cref="ActorSystemSetup"/> for <paramref name="config"/>: the config itself plus a
    /// <see cref="DataOptionsSetup"/> that makes every Akka.Persistence.Sql connection run the store's pragmas.
    /// Does not touch the database; call <see cref="SqliteStoreInitializer.Initialize"/> before starting the system.
    /// <paramref name="customize"/> may decorate the linq2db options further (diagnostics such as tracing).
    /// </summary>
    public static ActorSystemSetup CreateSetup(Config config, Func<DataOptions, DataOptions>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = SqliteStoreSettings.Create(config);
        var options = SqliteDataOptions.Create(settings);
        if (customize is not null)
            options = customize(options);
        return BootstrapSetup.Create()
            .WithConfig(config)
            .And(new DataOptionsSetup(options));
    }

    /// <summary>
    /// Initialises the store named in <paramref name="config"/> (WAL + schema, synchronously), then creates the
    /// actor system <paramref name="name"/> on it. The store handle (keep-alive connection of an in-memory store)
    /// is released when the system terminates. <paramref name="customize"/> is passed to <see cref="CreateSetup"/>.
    /// </summary>
    public static ActorSystem CreateActorSystem(string name, Config config, Func<DataOptions, DataOptions>? customize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(config);
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
