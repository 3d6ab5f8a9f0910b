using Microsoft.Data.Sqlite;

namespace TaskActors.Cli;

/// <summary>
/// What the command checks about a store path before it starts a node on it (write path) or reads it, so a store fault is
/// one clear line with exit 6 (or "no store at PATH", exit 3, for a reading command), found in well under 5 s, instead of
/// an unhandled exception or a 30 s timeout inside the runtime.
/// </summary>
internal static class StoreCheck
{
    /// <summary>
    /// What can be said about a store path before taking its ownership, without touching the store: an empty path, a
    /// folder, a folder that cannot be made (a path under a file, an unwritable parent). Returns the problem, or null.
    /// The write probe (<see cref="ForWriting"/>) runs once the store is owned, so racing processes never probe a store
    /// another process is creating.
    /// </summary>
    public static string? BeforeOwning(string storePath)
    {
        if (string.IsNullOrWhiteSpace(storePath))
        {
            return "--store: the store path is empty; give a file path (default data/taskactors.db)";
        }

        try
        {
            var full = Path.GetFullPath(storePath);
            if (Directory.Exists(full))
            {
                return $"the store {full} cannot be used: it is a directory, not a store file";
            }

            if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the store {storePath} cannot be created: {OneLine(e.Message)}";
        }
    }

    /// <summary>
    /// The write path (run, serve, cancel, delete): the folder can be made, the path is not a folder, and the file opens
    /// as SQLite and takes a committed write (<c>BEGIN IMMEDIATE</c>, its header's user_version written back unchanged) — a read-only file or folder,
    /// a full disk, a corrupt or non-SQLite file fail here. A missing file is created empty, owner-only (SQLite takes an
    /// empty file as a new database). Returns the problem, or null.
    /// </summary>
    public static string? ForWriting(string storePath)
    {
        if (string.IsNullOrWhiteSpace(storePath))
        {
            return "--store: the store path is empty; give a file path (default data/taskactors.db)";
        }

        string full;
        try
        {
            full = Path.GetFullPath(storePath);
            if (Directory.Exists(full))
            {
                return $"the store {full} cannot be used: it is a directory, not a store file";
            }

            if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            if (!File.Exists(full))
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var created = new FileStream(full, options);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the store {storePath} cannot be created: {OneLine(e.Message)}";
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA busy_timeout = 4000; PRAGMA user_version;";
            var version = Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            // A committed write of the header's user_version, unchanged: a read-only file or folder and a full disk fail here.
            probe.CommandText = $"BEGIN IMMEDIATE; PRAGMA user_version = {version}; COMMIT;";
            probe.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException e)
        {
            return $"the store {full} cannot be written: {OneLine(e.Message)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the store {full} cannot be opened: {OneLine(e.Message)}";
        }
    }

    /// <summary>A reading command: the problem (with its exit code) when there is no store file to read at <paramref name="storePath"/>, or null.</summary>
    public static (int ExitCode, string Message)? ForReading(string storePath)
    {
        if (string.IsNullOrWhiteSpace(storePath))
        {
            return (ExitCodes.Unreadable, "--store: the store path is empty; give a file path (default data/taskactors.db)");
        }

        var full = Path.GetFullPath(storePath);
        if (Directory.Exists(full))
        {
            return (ExitCodes.Unreadable, $"the store {full} cannot be read: it is a directory, not a store file");
        }

        return File.Exists(full) ? null : (ExitCodes.NotFound, $"no store at {full}");
    }

    /// <summary>SQLite's messages span lines ("SQLite Error 8: 'attempt to write a readonly database'."): one line.</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
