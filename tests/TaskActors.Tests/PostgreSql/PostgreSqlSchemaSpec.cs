using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Npgsql;
using TaskActors.Persistence;
using TaskActors.Persistence.PostgreSql;
using TaskActors.Testing;
using TaskActors.Tests.Persistence;
using Xunit.Abstractions;

namespace TaskActors.Tests.PostgreSql;

/// <summary>
/// Our PostgreSQL DDL (<see cref="PostgreSqlSchema"/>) is the one Akka.Persistence.Sql creates itself, and the initializer
/// is idempotent and safe when several processes run it at once on a fresh database.
/// </summary>
public sealed class PostgreSqlSchemaSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Our_schema_matches_the_one_the_plugin_creates_itself()
    {
        var pluginDatabase = PostgreSqlServer.CreateDatabase("schema_plugin");
        var pluginConfig = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.persistence.journal.sql.auto-initialize = on
            akka.persistence.snapshot-store.sql.auto-initialize = on
            """).WithFallback(TaskActorsConfig.ForPostgreSql(pluginDatabase));

        // The plugin creates its tables (no initializer); a write and a snapshot make both plugins initialise.
        var system = ActorSystem.Create("plugin-ddl", TaskActorsPersistence.CreateSetup(pluginConfig));
        try
        {
            var actor = system.ActorOf(Props.Create(() => new CountingActor("ddl-1")));
            await actor.Ask<IReadOnlyList<string>>(new CountingActor.PersistBatch(["x"]), TimeSpan.FromSeconds(30));
            Assert.Equal(1, await actor.Ask<long>(CountingActor.TakeSnapshot.Instance, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await system.Terminate();
        }

        var expected = Dump(pluginDatabase);
        output.WriteLine($"throwaway server (initdb + start + first connection): {PostgreSqlServer.StartTime.TotalSeconds:F2} s");
        output.WriteLine(expected);
        var ours = PostgreSqlServer.CreateDatabase("schema_ours");
        PostgreSqlStoreInitializer.Initialize(new PostgreSqlStoreSettings(ours));
        Assert.Equal(expected, Dump(ours));
    }

    [Fact]
    public void The_initializer_is_idempotent_and_keeps_the_rows()
    {
        var database = PostgreSqlServer.CreateDatabase("schema_twice");
        var settings = new PostgreSqlStoreSettings(database);
        PostgreSqlStoreInitializer.Initialize(settings);
        using (var connection = new NpgsqlConnection(database))
        {
            connection.Open();
            using var insert = new NpgsqlCommand("INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (1, false, 'p', 1, '\\x00')", connection);
            insert.ExecuteNonQuery();
        }

        PostgreSqlStoreInitializer.Initialize(settings);
        var before = Dump(database);
        PostgreSqlStoreInitializer.Initialize(settings);
        Assert.Equal(before, Dump(database));
        using var check = new NpgsqlConnection(database);
        check.Open();
        using var count = new NpgsqlCommand("SELECT count(*) FROM journal", check);
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public async Task Several_initializers_racing_on_a_fresh_database_all_succeed()
    {
        for (var round = 0; round < 3; round++)
        {
            var database = PostgreSqlServer.CreateDatabase("schema_race");
            var settings = new PostgreSqlStoreSettings(database);
            using var start = new Barrier(8);
            var racers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    PostgreSqlStoreInitializer.Initialize(settings);
                },
                TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(racers);
            Assert.Contains("CREATE TABLE public.journal", Dump(database), StringComparison.Ordinal);
        }
    }

    /// <summary>The schema as <c>pg_dump -s</c> writes it, without comments, SET lines and blank lines.</summary>
    internal static string Dump(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(Path.Combine(PostgreSqlServer.BinDirectory, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-s", "--no-owner", "--no-privileges", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, builder.Database! })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "pg_dump failed: " + stderr.Result);
        var lines = text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("SET ", StringComparison.Ordinal)
                && !l.StartsWith("SELECT pg_catalog.set_config", StringComparison.Ordinal) && !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }
}
