using TaskActors.Persistence.Ownership;

namespace TaskActors.Control;

/// <summary>
/// Where the control socket of the process that owns a store listens: <c>&lt;private run folder&gt;/&lt;device&gt;-&lt;inode&gt;.sock</c>
/// (<see cref="RunDirectory"/>, mode 0700), named by the store file's identity, so every path to the store finds the
/// same socket and no other user can create or reach it. The socket itself is 0600.
/// </summary>
internal static class ControlEndpoint
{
    /// <summary>The socket of the store with <paramref name="identity"/>, in <paramref name="runDirectory"/>.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static string For(StoreIdentity identity, string runDirectory) => RunDirectory.SocketOf(identity, runDirectory);

    /// <summary>The socket of the existing store at <paramref name="storePath"/>; null when there is no store file or no run folder yet.</summary>
    public static string? Find(string storePath)
    {
        if (!OperatingSystem.IsLinux() || StoreIdentity.Of(storePath) is not { } identity)
        {
            return null;
        }

        var runDirectory = RunDirectory.PathOf();
        return Directory.Exists(runDirectory) ? RunDirectory.SocketOf(identity, RunDirectory.Ensure()) : null;
    }
}
