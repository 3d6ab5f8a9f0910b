using System.Security.Cryptography;
using System.Text;

namespace TaskActors.Cli.Control;

/// <summary>Where the control socket of the node that owns a store listens: <c>&lt;store&gt;.sock</c>, or a hashed name in the temp folder when that path is too long for a Unix socket.</summary>
internal static class ControlEndpoint
{
    // sockaddr_un holds 108 bytes on Linux (104 on macOS), including the terminating zero.
    private const int MaxSocketPath = 100;

    public static string For(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        var beside = full + ".sock";
        if (Encoding.UTF8.GetByteCount(beside) <= MaxSocketPath)
        {
            return beside;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(Path.GetTempPath(), $"taskactors-{hash}.sock");
    }
}
