using System.Buffers;
using System.Text;

namespace TaskActors.Runners;

/// <summary>
/// Keeps the last <see cref="Capacity"/> bytes written to it (a ring buffer) and counts all of them. The
/// <see cref="SubprocessRunner"/> pumps a child's stdout and stderr into one each with <see cref="PumpAsync"/>, and
/// records <see cref="ToText"/> as the run's tail, so output of any size costs a bounded amount of memory.
/// </summary>
/// <remarks>Thread-safe: the pump writes while the runner may already read a snapshot.</remarks>
internal sealed class OutputTail
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Lock _lock = new();
    private readonly byte[] _ring;
    private int _start;
    private int _count;
    private long _total;

    /// <summary>Creates a tail that keeps at most <paramref name="capacity"/> bytes (0 keeps nothing).</summary>
    public OutputTail(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ring = new byte[capacity];
    }

    /// <summary>The most bytes kept.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Every byte ever appended, kept or not.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Appends <paramref name="data"/>, dropping the oldest bytes beyond <see cref="Capacity"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            _total += data.Length;
            var capacity = _ring.Length;
            if (capacity == 0)
            {
                return;
            }

            if (data.Length >= capacity)
            {
                data[^capacity..].CopyTo(_ring);
                _start = 0;
                _count = capacity;
                return;
            }

            // Write at the logical end, wrapping; then drop from the front what no longer fits.
            var end = (_start + _count) % capacity;
            var first = Math.Min(data.Length, capacity - end);
            data[..first].CopyTo(_ring.AsSpan(end));
            data[first..].CopyTo(_ring);
            var overflow = _count + data.Length - capacity;
            if (overflow > 0)
            {
                _start = (_start + overflow) % capacity;
                _count = capacity;
            }
            else
            {
                _count += data.Length;
            }
        }
    }

    /// <summary>A copy of the kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        lock (_lock)
        {
            return CopyKept();
        }
    }

    /// <summary>
    /// The kept bytes as UTF-8 text, or null when nothing was ever written. When older bytes were dropped the cut may
    /// fall inside a character; its leftover continuation bytes are skipped rather than shown as replacement
    /// characters. Invalid UTF-8 elsewhere becomes U+FFFD.
    /// </summary>
    public string? ToText()
    {
        byte[] bytes;
        bool truncated;
        lock (_lock)
        {
            if (_total == 0)
            {
                return null;
            }

            bytes = CopyKept();
            truncated = _total > bytes.Length;
        }

        var skip = 0;
        if (truncated)
        {
            while (skip < bytes.Length && skip < 3 && (bytes[skip] & 0xC0) == 0x80)
            {
                skip++;
            }
        }

        return Utf8.GetString(bytes, skip, bytes.Length - skip);
    }

    private byte[] CopyKept()
    {
        var copy = new byte[_count];
        var first = Math.Min(_count, _ring.Length - _start);
        _ring.AsSpan(_start, first).CopyTo(copy);
        _ring.AsSpan(0, _count - first).CopyTo(copy.AsSpan(first));
        return copy;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into this tail until end of stream or until <paramref name="cancellationToken"/>
    /// fires (then it stops quietly). Never throws for the stream's own errors: a broken pipe just ends the pump.
    /// </summary>
    public async Task PumpAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                Append(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The runner stopped waiting for the end of the stream (a grandchild still holds the pipe open).
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
