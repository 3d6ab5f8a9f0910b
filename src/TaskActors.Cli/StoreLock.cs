using System.Diagnostics;
using System.Globalization;

namespace TaskActors.Cli;

/// <summary>
/// The lock file <c>&lt;store&gt;.lock</c> holding the pid of the process whose node owns the store. A lock whose
/// process is gone is stale and taken over.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly string _path;

    private StoreLock(string path) => _path = path;

    /// <summary>Takes the lock of <paramref name="storePath"/>, or returns null with the pid of the live owner.</summary>
    public static StoreLock? TryAcquire(string storePath, out int ownerPid)
    {
        var path = Path.GetFullPath(storePath) + ".lock";
        for (var tries = 0; tries < 3; tries++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                using var writer = new StreamWriter(stream);
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                ownerPid = 0;
                return new StoreLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                var owner = ReadPid(path);
                if (owner is { } pid && IsAlive(pid))
                {
                    ownerPid = pid;
                    return null;
                }

                // Stale (the owner is gone, or the file is unreadable): take it over.
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }
        }

        ownerPid = ReadPid(path) ?? 0;
        return null;
    }

    public void Dispose()
    {
        try
        {
            if (ReadPid(_path) == Environment.ProcessId)
            {
                File.Delete(_path);
            }
        }
        catch (IOException)
        {
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
