namespace TaskActors.Testing;

/// <summary>
/// Gives a test process (and the commands it starts, which inherit its environment) a run folder of its own for store
/// ownership locks and control sockets (<c>TASKACTORS_RUN_DIR</c>), instead of the user's <c>~/.taskactors/run</c>.
/// </summary>
/// <remarks>
/// The run folder's lock files are keyed by the store file's device and inode. Test projects run in parallel and
/// delete their temporary stores; a store deleted while another test process's host still holds its lock leaves that
/// inode's lock taken, and a new store of another test that gets the same inode number would then look owned. A
/// folder per test process keeps the test processes apart (the product's behaviour in that case is to refuse, naming
/// the holder: safe, but not what a test of another store expects).
/// </remarks>
public static class IsolatedRunDirectory
{
    /// <summary>Sets <c>TASKACTORS_RUN_DIR</c> for this process to a fresh private folder (mode 0700); call it once, first.</summary>
    public static void Apply()
    {
        var folder = Directory.CreateTempSubdirectory($"taskactors-run-{Environment.ProcessId}-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Environment.SetEnvironmentVariable("TASKACTORS_RUN_DIR", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A command started by a test may still hold a socket there; the folder is small and private.
            }
        };
    }
}
