using Microsoft.Data.Sqlite;
using TaskActors.Persistence;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>Starting a node on a store with every store fault turned into one line and exit 6 (see <see cref="StoreCheck"/>).</summary>
public static partial class CliApp
{
    /// <summary>
    /// Checks the store path, takes the store as <paramref name="program"/>, checks it for writing (<see cref="StoreCheck"/>)
    /// and starts a node serving its control endpoint. Returns the node; or null with the owner when another process owns the store (<paramref name="fault"/>
    /// null); or null with the store fault in one line.
    /// </summary>
    private static CliNode? StartOnStore(string storePath, string program, bool verbose, bool wakeActiveTasks, out StoreOwnedException? owned,
        out string? fault, string? modulesDirectory = null, RunnerSet? runners = null)
    {
        owned = null;
        fault = StoreCheck.BeforeOwning(storePath);
        if (fault is not null)
        {
            return null;
        }

        try
        {
            return CliNode.TryStart(storePath, program, verbose, wakeActiveTasks, out owned, out fault, modulesDirectory, runners);
        }
        catch (Exception e) when (StoreFault(e) is { } cause)
        {
            fault = $"the store {Path.GetFullPath(storePath)} cannot be used: {StoreCheck.OneLine(cause.Message)}";
            return null;
        }
    }

    /// <summary>
    /// <see cref="StartOnStore"/> for the commands that run a node until stopped (run, serve): the node, or one line on
    /// stderr and the exit code: 4 naming the owner when another process owns the store, 6 when the store or its lock
    /// files cannot be used.
    /// </summary>
    private static async Task<(CliNode? Node, int ExitCode)> OwnAndStartAsync(string storePath, string program, string? modulesDirectory = null,
        RunnerSet? runners = null)
    {
        var node = StartOnStore(storePath, program, verbose: true, wakeActiveTasks: true, out var owned, out var fault, modulesDirectory, runners);
        if (fault is not null)
        {
            await TerminalText.ErrorAsync(fault).ConfigureAwait(false);
            return (null, ExitCodes.Unreadable);
        }

        if (node is null)
        {
            await Console.Error.WriteLineAsync($"{owned!.Message}; stop it first " +
                "(get, list, runs and events read the store meanwhile; cancel, delete and rerun go through its owner)").ConfigureAwait(false);
            return (null, ExitCodes.StoreBusy);
        }

        return (node, ExitCodes.Ok);
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
