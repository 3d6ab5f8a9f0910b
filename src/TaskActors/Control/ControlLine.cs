using System.Text;

namespace TaskActors.Control;

/// <summary>Reads one line of a control connection with a bound on its length, so no peer can make the owner buffer without end.</summary>
internal static class ControlLine
{
    /// <summary>The longest request line accepted: 1 MiB of UTF-8 (a request is an id, a version and a reason).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The line without its end (null at end of stream before any byte); throws <see cref="ControlLineTooLongException"/> past <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        using var line = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return line.Length == 0 ? null : Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
            }

            var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
            var take = end < 0 ? read : end;
            if (line.Length + take > maxBytes)
            {
                throw new ControlLineTooLongException(maxBytes);
            }

            line.Write(buffer, 0, take);
            if (end >= 0)
            {
                return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            }
        }
    }
}

/// <summary>A control line longer than allowed.</summary>
internal sealed class ControlLineTooLongException(int maxBytes)
    : IOException($"control request longer than {maxBytes / (1024 * 1024)} MiB; the connection is closed")
{
    public int MaxBytes { get; } = maxBytes;
}
