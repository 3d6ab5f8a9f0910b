using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Npgsql;
using TaskActors.Configuration;
using TaskActors.Persistence;
using TaskActors.Persistence.PostgreSql;
using TaskActors.Testing;

namespace TaskActors.Tests.PostgreSql;

/// <summary>
/// A PostgreSQL store that cannot be used stops the start at once with one message naming the key and the server (never an
/// Akka timeout later, never the password); a configuration naming two stores is refused.
/// </summary>
public sealed class PostgreSqlStoreErrorsSpec
{
    [Fact]
    public void A_server_that_does_not_answer_fails_the_start_naming_the_key_and_the_server_but_not_the_password()
    {
        var port = ClosedPort();
        var connectionString = $"Host=127.0.0.1;Port={port};Database=tasks;Username=app;Password=s3cret-pw;Timeout=5";

        var error = Assert.Throws<PostgreSqlStoreUnavailableException>(() =>
            TaskActorsPersistence.CreateActorSystem("unreachable", TaskActorsConfig.ForPostgreSql(connectionString)));

        Assert.StartsWith("The PostgreSQL store in task-actors.postgresql.connection-string cannot be used: server 127.0.0.1:" + port + "/tasks as app answered: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public void A_database_that_does_not_exist_fails_the_start_with_the_servers_answer()
    {
        var existing = new NpgsqlConnectionStringBuilder(PostgreSqlServer.CreateDatabase("errors")) { Database = "no_such_database" };

        var error = Assert.Throws<PostgreSqlStoreUnavailableException>(() =>
            TaskActorsPersistence.CreateActorSystem("missing-db", TaskActorsConfig.ForPostgreSql(existing.ToString())));

        Assert.Contains($"server 127.0.0.1:{existing.Port}/no_such_database as postgres answered: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"no_such_database\" does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_naming_both_stores_is_refused_naming_both_keys()
    {
        var both = ConfigurationFactory.ParseString("task-actors.sqlite.connection-string = \"Data Source=/tmp/x.db\"")
            .WithFallback(TaskActorsConfig.ForPostgreSql("Host=127.0.0.1;Database=tasks"));

        var error = Assert.Throws<TaskActorsConfigurationException>(() => TaskActorsPersistence.CreateSetup(both));

        Assert.Equal("task-actors.postgresql.connection-string", error.Path);
        Assert.Contains("task-actors.sqlite.connection-string is set too", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_postgresql_configuration_is_the_overlay_over_the_reference_with_the_location_in_every_plugin()
    {
        var config = TaskActorsConfig.ForPostgreSql("Host=db;Database=tasks");
        foreach (var plugin in new[] { "journal.sql", "snapshot-store.sql", "query.journal.sql" })
        {
            Assert.Equal("PostgreSQL.15", config.GetString($"akka.persistence.{plugin}.provider-name"));
            Assert.Equal("Host=db;Database=tasks", config.GetString($"akka.persistence.{plugin}.connection-string"));
        }

        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.False(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.Equal("read-committed", config.GetString("akka.persistence.journal.sql.write-isolation-level"));
        // A transient ordering gap is waited for seconds on PostgreSQL, not SQLite's 300 ms.
        var gapWait = config.GetTimeSpan("akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay")
            * config.GetInt("akka.persistence.query.journal.sql.journal-sequence-retrieval.max-tries");
        Assert.Equal(TimeSpan.FromSeconds(3), gapWait);
        Assert.False(SqliteStoreSettings.IsConfigured(config));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}
