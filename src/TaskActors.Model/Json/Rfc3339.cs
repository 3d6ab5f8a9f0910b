using System.Globalization;

namespace TaskActors.Model.Json;

/// <summary>Formats times as RFC 3339 UTC with up to 7 fractional digits (lossless for <see cref="DateTimeOffset"/>).</summary>
public static class Rfc3339
{
    /// <summary>Formats <paramref name="value"/> in UTC, e.g. <c>2026-11-28T07:34:25.1234567Z</c> (trailing zeros dropped).</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
