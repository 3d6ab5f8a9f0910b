using System.Text;

namespace TaskActors.Persistence.Ownership;

/// <summary>
/// The private folder of this user where owners keep a store's inode lock and control socket:
/// <c>$TASKACTORS_RUN_DIR</c> when set, else <c>~/.taskactors/run</c>. It is created with mode 0700 and checked before
/// each use: a directory (not a symbolic link), owned by this user, with no access for group or others (a folder of
/// ours with wider access is tightened to 0700; one owned by another user is refused). Nothing in it has a name another
/// user could take first, unlike a fixed name in a shared temp folder.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class RunDirectory
{
    /// <summary>The environment variable that moves the folder (e.g. for a service whose home is read-only).</summary>
    public const string Variable = "TASKACTORS_RUN_DIR";

    // sockaddr_un holds 108 bytes on Linux, including the terminating zero.
    private const int MaxSocketPath = 107;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The folder's path (not created).</summary>
    public static string PathOf()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            throw new IOException($"no home folder for TaskActors' private run folder; set {Variable} to a folder only you can read");
        }

        return Path.Combine(home, ".taskactors", "run");
    }

    /// <summary>Creates the folder if needed and checks that it is private; returns its path.</summary>
    /// <exception cref="IOException">It cannot be created, or is not a private folder of this user (the message says which and why).</exception>
    public static string Ensure()
    {
        var path = PathOf();
        try
        {
            Directory.CreateDirectory(path, Private);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create TaskActors' private run folder {path}: {e.Message} (set {Variable} to move it)", e);
        }

        var status = PosixFiles.Stat(path, followLink: false, out var errno)
            ?? throw new IOException($"cannot read TaskActors' private run folder {path}: {PosixFiles.Describe(errno)}");
        if (status.Type != PosixFiles.TypeDirectory)
        {
            throw new IOException($"TaskActors' private run folder {path} is not a directory (a symbolic link or a file is never used there); remove it");
        }

        var me = PosixFiles.EffectiveUserId();
        if (status.Uid != me)
        {
            throw new IOException($"TaskActors' private run folder {path} belongs to user {status.Uid}, not to you ({me}); remove it or set {Variable}");
        }

        if ((status.Permissions & 0x3F) != 0)
        {
            File.SetUnixFileMode(path, Private);
        }

        return path;
    }

    /// <summary>The control socket of the store with <paramref name="identity"/>: <c>&lt;run folder&gt;/&lt;identity key&gt;.sock</c>.</summary>
    /// <exception cref="IOException">The path would be longer than a Unix socket address allows.</exception>
    public static string SocketOf(StoreIdentity identity, string runDirectory)
    {
        var path = Path.Combine(runDirectory, identity.Key + ".sock");
        return Encoding.UTF8.GetByteCount(path) <= MaxSocketPath
            ? path
            : throw new IOException($"the control socket path {path} is longer than {MaxSocketPath} bytes; set {Variable} to a shorter private folder");
    }

    /// <summary>The lock file keyed by the store's inode: <c>&lt;run folder&gt;/&lt;identity key&gt;.lock</c>.</summary>
    public static string InodeLockOf(StoreIdentity identity, string runDirectory) => Path.Combine(runDirectory, identity.Key + ".lock");
}
