using Microsoft.Data.Sqlite;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>Starting a node on a store with every store fault turned into one line and exit 6 (see <see cref="StoreCheck"/>).</summary>
public static partial class CliApp
{
    /// <summary>
    /// Checks the store for writing, then starts a node on it. Returns the node; or null with the owner's pid when another
    /// process owns the store (<paramref name="fault"/> null); or null with the store fault in one line.
    /// </summary>
    private static CliNode? StartOnStore(string storePath, bool verbose, bool wakeActiveTasks, out int owner, out string? fault,
        string? modulesDirectory = null, RunnerSet? runners = null)
    {
        owner = 0;
        fault = StoreCheck.ForWriting(storePath);
        if (fault is not null)
        {
            return null;
        }

        try
        {
            return CliNode.TryStart(storePath, verbose, wakeActiveTasks, out owner, modulesDirectory, runners);
        }
        catch (Exception e) when (StoreFault(e) is { } cause)
        {
            fault = $"the store {Path.GetFullPath(storePath)} cannot be used: {StoreCheck.OneLine(cause.Message)}";
            return null;
        }
    }

    /// <summary>The store's own error inside <paramref name="e"/> (SQLite, the file system, a journal that did not answer), or null.</summary>
    private static Exception? StoreFault(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is SqliteException or IOException or UnauthorizedAccessException or TimeoutException)
            {
                return current;
            }
        }

        return null;
    }
}
