using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TaskActors.Persistence.Ownership;

/// <summary>
/// The few Linux file calls that .NET does not expose: <c>open</c> without .NET's own advisory lock, <c>flock</c>,
/// <c>statx</c> (device and inode), <c>realpath</c> and <c>geteuid</c>. Used by <see cref="StoreOwnership"/> only.
/// </summary>
/// <remarks>
/// Why not <c>FileStream</c> with <c>FileShare.None</c>: on Unix .NET maps <c>FileShare.None</c> to
/// <c>flock(LOCK_EX|LOCK_NB)</c> but every other share mode to <c>LOCK_SH</c> (so merely reading an owned lock file to
/// learn its owner fails), ignores every flock error but <c>EWOULDBLOCK</c>, and turns locking off entirely when
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set (SafeFileHandle.Unix.cs in dotnet/runtime). Ownership must not
/// depend on an environment variable, so the lock is taken here with the system calls themselves.
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class PosixFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int OCloExec = 0x80000;

    /// <summary>errno values used by callers.</summary>
    public const int EWouldBlock = 11;

    /// <summary>errno: too many symbolic links (an <c>O_NOFOLLOW</c> open met one).</summary>
    public const int ELoop = 40;

    /// <summary>errno: no such file or directory.</summary>
    public const int ENoEnt = 2;

    /// <summary>errno: permission denied.</summary>
    public const int EAccess = 13;

    /// <summary>The file type bits of a mode.</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>A directory.</summary>
    public const uint TypeDirectory = 0x4000;

    /// <summary>A regular file.</summary>
    public const uint TypeRegular = 0x8000;

    // O_NOFOLLOW differs between architectures (asm-generic vs x86).
    private static int ONoFollow =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>What <c>statx</c> says about a path.</summary>
    public readonly record struct FileStatus(ulong Device, ulong Inode, uint Mode, uint Uid, uint Links)
    {
        public uint Type => Mode & TypeMask;

        public uint Permissions => Mode & 0x1FF;
    }

    /// <summary>
    /// Opens (creating with mode 0600 when missing) a regular file for reading and writing, never through a symbolic
    /// link at its last component, close-on-exec (attempts' processes never inherit it). Returns the errno on failure.
    /// </summary>
    public static SafeFileHandle? OpenNoFollow(string path, out int errno)
    {
        var fd = open(Bytes(path), ORdWr | OCreat | OCloExec | ONoFollow, 0x180);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Creates the file at <paramref name="path"/> (following a symbolic link to its target) with mode 0600 when missing; returns the errno, 0 on success.</summary>
    public static int CreateFollowing(string path)
    {
        var fd = open(Bytes(path), ORdWr | OCreat | OCloExec, 0x180);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        close(fd);
        return 0;
    }

    /// <summary><c>flock(LOCK_EX|LOCK_NB)</c>: true when taken, false when another open file description holds it.</summary>
    public static bool TryLockExclusive(SafeFileHandle handle, string path)
    {
        if (flock((int)handle.DangerousGetHandle(), LockEx | LockNb) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EWouldBlock
            ? false
            : throw new IOException($"cannot lock {path}: {Describe(errno)} (the file system must support flock; a local disk does)");
    }

    /// <summary>Truncates the open file to zero bytes.</summary>
    public static void Truncate(SafeFileHandle handle, string path)
    {
        if (ftruncate((int)handle.DangerousGetHandle(), 0) != 0)
        {
            throw new IOException($"cannot write {path}: {Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary><c>statx</c> of <paramref name="path"/> (not following a final symbolic link when <paramref name="followLink"/> is false); null with the errno when it fails.</summary>
    public static FileStatus? Stat(string path, bool followLink, out int errno)
    {
        var buffer = new byte[256];
        if (statx(AtFdCwd, Bytes(path), followLink ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        // struct statx (linux/stat.h): nlink @16, uid @20, mode @28 (u16), ino @32, dev_major @136, dev_minor @140.
        var links = BitConverter.ToUInt32(buffer, 16);
        var uid = BitConverter.ToUInt32(buffer, 20);
        var mode = (uint)BitConverter.ToUInt16(buffer, 28);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new FileStatus(device, inode, mode, uid, links);
    }

    /// <summary>The canonical path (every symbolic link and <c>..</c> resolved) of an existing file; null with the errno when it fails.</summary>
    public static string? RealPath(string path, out int errno)
    {
        var resolved = realpath(Bytes(path), IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        try
        {
            errno = 0;
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId() => geteuid();

    /// <summary>The system's text for an errno.</summary>
    public static string Describe(int errno) => new Win32Exception(errno).Message;

    private static byte[] Bytes(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the signatures blittable without the source generator's unsafe code.
    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    private static extern int ftruncate(int fd, long length);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath(byte[] path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);

    [DllImport("libc")]
    private static extern uint geteuid();
#pragma warning restore SYSLIB1054
}
