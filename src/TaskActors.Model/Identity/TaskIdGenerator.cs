namespace TaskActors.Model.Identity;

/// <summary>
/// Generates ids for tasks submitted without one: <c>{slot}-{suffix}</c>, where the suffix is 26 characters of
/// Crockford base32 (48 bits of milliseconds since the Unix epoch, then 80 random bits, like a ULID), so ids of
/// one slot sort by creation time. Pure: the caller supplies the time and the random source.
/// </summary>
public static class TaskIdGenerator
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>Length of the generated suffix.</summary>
    public const int SuffixLength = 26;

    /// <summary>Creates a new id for a task in <paramref name="slot"/>, created at <paramref name="now"/>.</summary>
    public static TaskId Next(Slot slot, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[16];
        var millis = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds());
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(millis & 0xFF);
            millis >>= 8;
        }

        random.NextBytes(bytes[6..]);
        return new TaskId($"{slot.Value}-{Encode(bytes)}");
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits -> 26 base32 characters (the first carries 3 bits), most significant first.
        Span<char> chars = stackalloc char[SuffixLength];
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        for (var i = SuffixLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}
