using System.Globalization;

namespace TaskActors.Persistence.Ownership;

/// <summary>
/// Which file a store path names: its canonical path (symbolic links resolved) and its device and inode, so every
/// path to one file (a symbolic link, a hard link, <c>..</c>, another working directory) gives the same identity.
/// </summary>
/// <param name="RealPath">The canonical path of the store file.</param>
/// <param name="Device">The device the file is on (major in the high 32 bits, minor in the low).</param>
/// <param name="Inode">The file's inode number on that device.</param>
internal sealed record StoreIdentity(string RealPath, ulong Device, ulong Inode)
{
    /// <summary>The identity as a short file name stem, <c>&lt;device hex&gt;-&lt;inode hex&gt;</c>, unique per file on this machine.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Device:x}-{Inode:x}");

    /// <summary>The identity of the existing file at <paramref name="storePath"/>, or null when there is no file there.</summary>
    /// <exception cref="IOException">The path exists but is not a regular file, or cannot be resolved (the message says why).</exception>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static StoreIdentity? Of(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        var real = PosixFiles.RealPath(full, out var errno);
        if (real is null)
        {
            return errno == PosixFiles.ENoEnt
                ? null
                : throw new IOException($"cannot resolve the store path {full}: {PosixFiles.Describe(errno)}");
        }

        var status = PosixFiles.Stat(real, followLink: true, out errno)
            ?? throw new IOException($"cannot read the store file {real}: {PosixFiles.Describe(errno)}");
        if (status.Type != PosixFiles.TypeRegular)
        {
            throw new IOException($"the store path {full} is not a regular file{(real == full ? "" : $" ({real})")}");
        }

        return new StoreIdentity(real, status.Device, status.Inode);
    }
}
