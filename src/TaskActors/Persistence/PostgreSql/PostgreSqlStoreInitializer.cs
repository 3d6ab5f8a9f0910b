using System.Net.Sockets;
using Npgsql;

namespace TaskActors.Persistence.PostgreSql;

/// <summary>
/// Prepares the PostgreSQL store before an actor system starts on it: creates the journal and snapshot tables
/// (<see cref="PostgreSqlSchema"/>) unless they exist and checks they are there. Called by
/// <see cref="TaskActorsPersistence.CreateActorSystem"/> (or by hosts that build their own actor system) before any
/// persistent actor can run. Safe when several processes (cluster nodes starting together) run it at once on one
/// database: the DDL runs in one transaction under a transaction-scoped advisory lock, so one creates the tables and the
/// others find them (concurrent <c>CREATE TABLE IF NOT EXISTS</c> alone can fail with a unique violation in the catalog).
/// </summary>
public static class PostgreSqlStoreInitializer
{
    /// <summary>The advisory lock key the DDL runs under ("TaskActo" in ASCII); any process running this DDL takes it.</summary>
    internal const long AdvisoryLockKey = 0x5461736B4163746F;

    /// <summary>
    /// Creates the tables if missing and verifies them. Throws <see cref="PostgreSqlStoreUnavailableException"/> naming
    /// <c>task-actors.postgresql.connection-string</c> and the server when the server cannot be reached, refuses the login
    /// or the database does not exist, and <see cref="InvalidOperationException"/> if a table is still missing afterwards.
    /// </summary>
    public static void Initialize(PostgreSqlStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var connection = Open(settings);
        using (var transaction = connection.BeginTransaction())
        {
            using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                command.Parameters.AddWithValue("key", AdvisoryLockKey);
                command.ExecuteNonQuery();
            }

            using (var command = new NpgsqlCommand(PostgreSqlSchema.Script, connection, transaction))
            {
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        foreach (var table in PostgreSqlSchema.Tables)
        {
            if (!TableExists(connection, table))
            {
                throw new InvalidOperationException($"Table '{table}' is missing after initialising the PostgreSQL store {settings.ServerDescription}.");
            }
        }
    }

    /// <summary>Opens a connection to the store, turning "cannot reach or log in" into one message naming the key and the server.</summary>
    internal static NpgsqlConnection Open(PostgreSqlStoreSettings settings)
    {
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            connection.Dispose();
            throw new PostgreSqlStoreUnavailableException(settings, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="table"/> exists in the connection's current schema.</summary>
    internal static bool TableExists(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table", connection);
        command.Parameters.AddWithValue("table", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
