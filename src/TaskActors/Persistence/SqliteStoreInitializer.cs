using Microsoft.Data.Sqlite;

namespace TaskActors.Persistence;

/// <summary>
/// Prepares the SQLite store before the actor system starts: switches the file to WAL and creates the journal and
/// snapshot tables (<see cref="SqliteSchema"/>). Called once by <see cref="TaskActorsPersistence.CreateActorSystem"/>
/// (or directly by hosts that build their own actor system) before any persistent actor can run, which is what
/// makes table creation race-free. Returns a <see cref="SqliteStoreHandle"/> that must live as long as the store is used.
/// </summary>
public static class SqliteStoreInitializer
{
    /// <summary>
    /// Opens the store, applies <c>journal_mode=WAL</c> (persistent in the file) and the schema, and verifies the
    /// tables exist. Throws <see cref="SqliteException"/> when the file cannot be opened or written, or
    /// <see cref="InvalidOperationException"/> if a table is still missing afterwards.
    /// </summary>
    public static SqliteStoreHandle Initialize(SqliteStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        if (!settings.IsInMemory)
        {
            var dataSource = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            new SqliteConnectionPragmas(settings).Apply(connection);

            if (!settings.IsInMemory)
            {
                // WAL lets readers (recoveries) proceed while the single writer commits; it is stored in the file,
                // so setting it once here covers every later connection.
                var mode = Scalar(connection, "PRAGMA journal_mode=WAL;");
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"SQLite refused WAL mode for {connection.DataSource} (got '{mode}').");
            }

            using (var transaction = connection.BeginTransaction())
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = SqliteSchema.Script;
                command.ExecuteNonQuery();
                transaction.Commit();
            }

            foreach (var table in SqliteSchema.Tables)
            {
                if (!TableExists(connection, table))
                    throw new InvalidOperationException($"Table '{table}' is missing after initialising {connection.DataSource}.");
            }

            // A shared in-memory database disappears with its last connection, so the handle keeps this one open.
            if (settings.IsInMemory)
                return new SqliteStoreHandle(connection);

            connection.Dispose();
            return new SqliteStoreHandle(null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="table"/> exists in the database behind <paramref name="connection"/>.</summary>
    public static bool TableExists(SqliteConnection connection, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
