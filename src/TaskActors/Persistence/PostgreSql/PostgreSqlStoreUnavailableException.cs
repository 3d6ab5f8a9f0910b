namespace TaskActors.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL store named by <c>task-actors.postgresql.connection-string</c> cannot be used: the server does not
/// answer, refuses the login, or has no such database. Thrown by <see cref="PostgreSqlStoreInitializer.Initialize"/> when a
/// node starts (before its actor system exists), so a wrong connection string stops the start at once with this message
/// instead of a journal timeout later. The message names the key and the server (host, port, database, user), never the
/// password; <see cref="Exception.InnerException"/> is Npgsql's error.
/// </summary>
public sealed class PostgreSqlStoreUnavailableException : Exception
{
    /// <summary>The store of <paramref name="settings"/> failed with <paramref name="innerException"/>.</summary>
    public PostgreSqlStoreUnavailableException(PostgreSqlStoreSettings settings, Exception innerException)
        : base($"The PostgreSQL store in {PostgreSqlStoreSettings.ConnectionStringKey} cannot be used: {Describe(settings)} answered: {innerException?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(settings);
    }

    private static string Describe(PostgreSqlStoreSettings settings)
    {
        try
        {
            return "server " + settings.ServerDescription;
        }
        catch (ArgumentException)
        {
            return "the server";
        }
    }
}
