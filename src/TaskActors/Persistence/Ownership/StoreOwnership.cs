using System.Diagnostics;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace TaskActors.Persistence.Ownership;

/// <summary>
/// Exclusive ownership of a SQLite store by one process: the CLI's node (<c>run</c>, <c>serve</c>, <c>demo</c>, a
/// short-lived <c>cancel</c>/<c>delete</c>) and the embedded host (<c>AddTaskActors</c>) take it with the same rule
/// before they open the journal, and hold it until their node has stopped. Readers (<c>get</c>, <c>list</c>, ...) never
/// take it.
/// </summary>
/// <remarks>
/// <para>Two locks, each an OS advisory lock <c>flock(LOCK_EX|LOCK_NB)</c> on a lock file (so taking one is atomic, and
/// the kernel releases it when the process dies however it dies; a pid in a file is never trusted):</para>
/// <list type="number">
/// <item>the inode lock <c>&lt;private run folder&gt;/&lt;device&gt;-&lt;inode&gt;.lock</c> (<see cref="RunDirectory"/>):
/// keyed by the store file's identity, so every path to it collides, a hard link included (which a path-keyed lock
/// cannot see; SQLite would also keep a separate WAL per link name);</item>
/// <item>the path lock <c>&lt;real path of the store&gt;.lock</c> beside the store (symbolic links resolved): seen by
/// processes of any user and any home folder, e.g. a service and an operator's shell.</item>
/// </list>
/// <para>Right after locking, the owner writes who it is (<see cref="StoreOwner"/>: pid, host, since, program) into both
/// files; a would-be owner that finds a lock taken reads that record and fails with <see cref="StoreOwnedException"/>.
/// On release the record is cleared; the lock files are never deleted (deleting a lock file lets a waiting process and
/// a newcomer lock two different files). The lock files are opened without following a symbolic link, mode 0600.</para>
/// <para>Taking ownership also makes the store file (created 0600 when missing) and its <c>-wal</c>/<c>-shm</c> files
/// private (0600): SQLite creates <c>-wal</c>/<c>-shm</c> with the main file's permissions.</para>
/// <para>Holds on one machine with local disks (flock over NFS is emulated with byte-range locks; SQLite's WAL needs a
/// local disk anyway). Outside Linux only the path lock is taken, with <c>FileShare.None</c>.</para>
/// </remarks>
internal sealed class StoreOwnership : IDisposable
{
    /// <summary>How long a would-be owner waits for the owner's record to appear (it is written right after locking).</summary>
    private static readonly TimeSpan RecordPatience = TimeSpan.FromSeconds(5);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly List<(SafeFileHandle Handle, string Path)> _locks;
    private readonly FileStream? _portableLock;
    private int _disposed;

    private StoreOwnership(StoreIdentity identity, string? runDirectory, StoreOwner owner, List<(SafeFileHandle, string)> locks, FileStream? portableLock)
    {
        Identity = identity;
        RunDirectory = runDirectory;
        Owner = owner;
        _locks = locks;
        _portableLock = portableLock;
    }

    /// <summary>The store's identity.</summary>
    public StoreIdentity Identity { get; }

    /// <summary>The private run folder (where the control socket goes); null outside Linux.</summary>
    public string? RunDirectory { get; }

    /// <summary>This process's record as written to the lock files.</summary>
    public StoreOwner Owner { get; }

    /// <summary>
    /// Takes ownership of the store at <paramref name="storePath"/> (the file is created empty, mode 0600, when missing;
    /// SQLite makes it a database), as <paramref name="program"/>.
    /// </summary>
    /// <exception cref="StoreOwnedException">Another process owns the store (its record says who).</exception>
    /// <exception cref="IOException">A lock file, the run folder or the store cannot be used (the message says which and why).</exception>
    public static StoreOwnership Acquire(string storePath, string program)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        var full = Path.GetFullPath(storePath);
        CreateIfMissing(full);
        var me = new StoreOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, program);

        if (!OperatingSystem.IsLinux())
        {
            return AcquirePortable(full, me);
        }

        var identity = StoreIdentity.Of(full) ?? throw new IOException($"the store file {full} vanished while it was being locked");
        var runDirectory = Ownership.RunDirectory.Ensure();
        var record = RecordOf(me);
        var locks = new List<(SafeFileHandle, string)>();
        try
        {
            foreach (var path in new[] { Ownership.RunDirectory.InodeLockOf(identity, runDirectory), identity.RealPath + ".lock" })
            {
                var handle = OpenLockFile(path);
                if (!PosixFiles.TryLockExclusive(handle, path))
                {
                    var owner = ReadOwner(handle);
                    handle.Dispose();
                    throw new StoreOwnedException(identity.RealPath, owner);
                }

                // The record goes in at once: a would-be owner that found this lock taken is waiting to read it.
                locks.Add((handle, path));
                PosixFiles.Truncate(handle, path);
                RandomAccess.Write(handle, record, 0);
                Tighten(path);
            }

            foreach (var file in new[] { identity.RealPath, identity.RealPath + "-wal", identity.RealPath + "-shm" })
            {
                Tighten(file);
            }

            return new StoreOwnership(identity, runDirectory, me, locks, null);
        }
        catch
        {
            foreach (var (handle, _) in locks)
            {
                handle.Dispose();
            }

            throw;
        }
    }

    /// <summary>Clears this owner's record and releases the locks (the kernel would at exit anyway).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (var i = _locks.Count - 1; i >= 0; i--)
        {
            var (handle, path) = _locks[i];
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    PosixFiles.Truncate(handle, path);
                }
            }
            catch (IOException)
            {
                // the lock goes with the handle all the same
            }

            handle.Dispose();
        }

        _portableLock?.Dispose();
    }

    private static void CreateIfMissing(string full)
    {
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        if (OperatingSystem.IsLinux())
        {
            // open(2) itself (O_CREAT, 0600): it also follows a store path that is a symbolic link to a missing file
            // and creates the target, where File.Exists would see the dangling link as a file.
            var errno = PosixFiles.CreateFollowing(full);
            if (errno != 0)
            {
                throw new IOException($"cannot open the store file {full} for writing: {PosixFiles.Describe(errno)}");
            }

            return;
        }

        if (File.Exists(full) || Directory.Exists(full))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (new FileStream(full, options))
        {
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static SafeFileHandle OpenLockFile(string path)
    {
        var handle = PosixFiles.OpenNoFollow(path, out var errno);
        return handle ?? throw new IOException(errno switch
        {
            PosixFiles.ELoop => $"the lock file {path} is a symbolic link; TaskActors never follows one there: remove it",
            PosixFiles.EAccess => $"cannot open the lock file {path}: permission denied (it belongs to another user, or its folder is not writable)",
            _ => $"cannot open the lock file {path}: {PosixFiles.Describe(errno)}",
        });
    }

    /// <summary>Makes a file of ours owner-only (0600); files of other users, and missing ones, are left alone.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void Tighten(string path)
    {
        try
        {
            if (File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The owner's record from a lock file someone else holds, waiting briefly for it to be written.</summary>
    private static StoreOwner? ReadOwner(SafeFileHandle handle)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[4096];
        while (true)
        {
            var length = RandomAccess.Read(handle, buffer, 0);
            if (length > 0 && buffer[length - 1] == (byte)'\n')
            {
                if (OwnerOf(buffer.AsSpan(0, length)) is { } owner)
                {
                    return owner;
                }
            }

            if (clock.Elapsed > RecordPatience)
            {
                return null;
            }

            Thread.Sleep(20);
        }
    }

    private static StoreOwnership AcquirePortable(string full, StoreOwner me)
    {
        var path = full + ".lock";
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            StoreOwner? owner = null;
            try
            {
                owner = OwnerOf(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
            }

            throw new StoreOwnedException(full, owner);
        }

        stream.SetLength(0);
        stream.Write(RecordOf(me));
        stream.Flush();
        return new StoreOwnership(new StoreIdentity(full, 0, 0), null, me, [], stream);
    }

    /// <summary>The lock files' record: one JSON line <c>{"pid":…,"host":…,"since":…,"program":…}</c> (written without reflection: it must be quick).</summary>
    private static byte[] RecordOf(StoreOwner owner)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", owner.ProcessId);
            json.WriteString("host", owner.Host);
            json.WriteString("since", owner.Since);
            json.WriteString("program", owner.Program);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The owner in a record, or null when the bytes are not a whole record (yet).</summary>
    private static StoreOwner? OwnerOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes[^1] != (byte)'\n')
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return new StoreOwner(
                root.GetProperty("pid").GetInt32(),
                root.GetProperty("host").GetString() ?? "?",
                root.GetProperty("since").GetDateTimeOffset(),
                root.GetProperty("program").GetString() ?? "?");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
