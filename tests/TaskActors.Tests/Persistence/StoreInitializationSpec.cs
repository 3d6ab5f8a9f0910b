using Akka.Actor;
using Akka.Configuration;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using TaskActors.Persistence;
using TaskActors.Testing;

namespace TaskActors.Tests.Persistence;

/// <summary>
/// The store is prepared before any persistent actor runs, the configuration is the one we mean to ship, and our
/// DDL matches what Akka.Persistence.Sql creates itself.
/// </summary>
public sealed class StoreInitializationSpec : IDisposable
{
    private readonly TempDirectory _directory = new("store-init");

    [Fact]
    public async Task Tables_and_WAL_exist_before_the_first_actor_starts()
    {
        var path = _directory.StorePath("init.db");
        var system = TaskActorsPersistence.CreateActorSystem("init", TaskActorsConfig.ForSqliteFile(path));
        try
        {
            // No actor has been created yet: the initializer alone must have prepared the file.
            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                Assert.True(SqliteStoreInitializer.TableExists(connection, "journal"));
                Assert.True(SqliteStoreInitializer.TableExists(connection, "snapshot"));
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", command.ExecuteScalar() as string);
            }

            var actor = system.ActorOf(Props.Create(() => new CountingActor("init-1")));
            var items = await actor.Ask<IReadOnlyList<string>>(new CountingActor.PersistBatch(["x"]), TimeSpan.FromSeconds(10));
            Assert.Equal(["x"], items);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void Configuration_uses_the_sql_plugin_with_csv_tags_sqlite_provider_and_no_auto_initialisation()
    {
        var config = TaskActorsConfig.ForSqliteFile(_directory.StorePath("c.db"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("Csv", config.GetString("akka.persistence.query.journal.sql.tag-read-mode"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.False(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.False(config.GetBoolean("akka.persistence.snapshot-store.sql.auto-initialize"));
        Assert.Equal("read-uncommitted", config.GetString("akka.persistence.journal.sql.read-isolation-level"));
        Assert.Equal("normal", config.GetString("task-actors.sqlite.durability"));
        Assert.Equal(SqliteDurability.Normal, SqliteStoreSettings.Create(config).Durability);
        var connectionString = config.GetString("task-actors.sqlite.connection-string");
        Assert.Equal(connectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(connectionString, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(connectionString, config.GetString("akka.persistence.query.journal.sql.connection-string"));
    }

    [Theory]
    [InlineData(SqliteDurability.Normal, 1L)]
    [InlineData(SqliteDurability.Full, 2L)]
    public void Plugin_connections_run_with_the_configured_synchronous_level_busy_timeout_and_secure_delete(SqliteDurability durability, long synchronous)
    {
        var config = TaskActorsConfig.ForSqliteFile(_directory.StorePath($"sync-{durability}.db"), durability);
        var settings = SqliteStoreSettings.Create(config);
        using (SqliteStoreInitializer.Initialize(settings))
        {
        }

        // The same DataOptions the plugins receive through DataOptionsSetup.
        using var db = new DataConnection(SqliteDataOptions.Create(settings));
        Assert.Equal(synchronous, db.Execute<long>("PRAGMA synchronous;"));
        Assert.Equal((long)settings.BusyTimeout.TotalMilliseconds, db.Execute<long>("PRAGMA busy_timeout;"));
        Assert.Equal(1L, db.Execute<long>("PRAGMA secure_delete;"));
    }

    [Fact]
    public async Task Our_schema_matches_the_one_the_plugin_creates_itself()
    {
        var pluginPath = _directory.StorePath("plugin.db");
        var pluginConfig = ConfigurationFactory.ParseString("""
            akka.persistence.journal.sql.auto-initialize = on
            akka.persistence.snapshot-store.sql.auto-initialize = on
            """).WithFallback(TaskActorsConfig.ForSqliteFile(pluginPath));

        // Let the plugin create its tables (no initializer), then force both plugins to initialise.
        var system = ActorSystem.Create("plugin-ddl", TaskActorsPersistence.CreateSetup(pluginConfig));
        try
        {
            var actor = system.ActorOf(Props.Create(() => new CountingActor("ddl-1")));
            await actor.Ask<IReadOnlyList<string>>(new CountingActor.PersistBatch(["x"]), TimeSpan.FromSeconds(10));
            var seq = await actor.Ask<long>(CountingActor.TakeSnapshot.Instance, TimeSpan.FromSeconds(10));
            Assert.Equal(1, seq);
        }
        finally
        {
            await system.Terminate();
        }

        var oursPath = _directory.StorePath("ours.db");
        using (SqliteStoreInitializer.Initialize(SqliteStoreSettings.Create(TaskActorsConfig.ForSqliteFile(oursPath))))
        {
        }

        Assert.Equal(Schema(pluginPath), Schema(oursPath));
    }

    [Fact]
    public async Task The_in_memory_store_persists_and_recovers_while_the_system_lives()
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(TaskActorsConfig.ForSqliteInMemory("mem-" + Guid.NewGuid().ToString("N")));
        var system = TaskActorsPersistence.CreateActorSystem("mem", config);
        try
        {
            var actor = system.ActorOf(Props.Create(() => new CountingActor("mem-1")));
            await actor.Ask<IReadOnlyList<string>>(new CountingActor.PersistBatch(["a", "b"]), TimeSpan.FromSeconds(10));
            await actor.GracefulStop(TimeSpan.FromSeconds(10));
            var again = system.ActorOf(Props.Create(() => new CountingActor("mem-1")));
            var items = await again.Ask<IReadOnlyList<string>>(CountingActor.Get.Instance, TimeSpan.FromSeconds(10));
            Assert.Equal(["a", "b"], items);
        }
        finally
        {
            await system.Terminate();
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Tables and indexes as SQLite stores them, normalised (whitespace, IF NOT EXISTS, quoting).</summary>
    private static List<string> Schema(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            var sql = reader.GetString(2).Replace("IF NOT EXISTS ", string.Empty, StringComparison.OrdinalIgnoreCase);
            sql = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal)
                .Replace(", ", ",", StringComparison.Ordinal).Replace(" ,", ",", StringComparison.Ordinal);
            result.Add($"{reader.GetString(0)} {reader.GetString(1)}: {sql}");
        }

        return result;
    }
}
