using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace TaskActors.Configuration;

/// <summary>
/// Reads and checks the keys of one section for a settings class's <c>Create(Config)</c>. Every key is read from the
/// given configuration with the reference configuration (<see cref="EmbeddedHocon.Reference"/>) as its fallback, so
/// the defaults live only in <c>task-actors.reference.conf</c>; every value that is missing, of the wrong type or out
/// of range throws <see cref="TaskActorsConfigurationException"/> with the key's full path.
/// </summary>
internal sealed partial class SettingsReader
{
    private const string DurationExamples = "such as 10s, 200ms or 5m";
    private readonly string _section;

    /// <summary>A reader of the keys under <paramref name="section"/> (e.g. <c>task-actors.runtime</c>).</summary>
    public SettingsReader(Config config, string section)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = ReferenceEquals(config, EmbeddedHocon.Reference) ? config : config.WithFallback(EmbeddedHocon.Reference);
        _section = section;
    }

    /// <summary>The configuration read: the given one over the reference configuration.</summary>
    public Config Config { get; }

    /// <summary>The full path of <paramref name="key"/>.</summary>
    public string PathOf(string key) => _section + "." + key;

    /// <summary>A string value, checked by <paramref name="isValid"/> (described by <paramref name="allowed"/>).</summary>
    public string String(string key, string allowed, Func<string, bool> isValid) =>
        Read(key, allowed, text => (isValid(text), text));

    /// <summary>An integer of at least <paramref name="atLeast"/>.</summary>
    public int Int(string key, int atLeast) =>
        Read(key, $"an integer of at least {atLeast}", text =>
            (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= atLeast, n));

    /// <summary>An integer from <paramref name="atLeast"/> to <paramref name="atMost"/>.</summary>
    public int IntBetween(string key, int atLeast, int atMost) =>
        Read(key, $"an integer from {atLeast} to {atMost}", text =>
            (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= atLeast && n <= atMost, n));

    /// <summary>A 64-bit integer of at least <paramref name="atLeast"/>.</summary>
    public long Long(string key, long atLeast) =>
        Read(key, $"an integer of at least {atLeast}", text =>
            (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= atLeast, n));

    /// <summary>A duration above zero (HOCON units: ms, s, m, h, d; a bare number is milliseconds).</summary>
    public TimeSpan PositiveDuration(string key) =>
        Read(key, $"a duration above 0, {DurationExamples}", text => ParseDuration(text) is { } d && d > TimeSpan.Zero ? (true, d) : default);

    /// <summary>A duration of zero or more.</summary>
    public TimeSpan NonNegativeDuration(string key) =>
        Read(key, $"a duration of 0 or more, {DurationExamples}", text => ParseDuration(text) is { } d && d >= TimeSpan.Zero ? (true, d) : default);

    /// <summary>A HOCON boolean: <c>on</c>, <c>off</c>, <c>true</c> or <c>false</c>.</summary>
    public bool Boolean(string key) =>
        Read(key, "on, off, true or false", text => text switch
        {
            "on" or "true" => (true, true),
            "off" or "false" => (true, false),
            _ => default,
        });

    /// <summary>One of the names in <paramref name="choices"/> (compared without regard to case).</summary>
    public T OneOf<T>(string key, IReadOnlyDictionary<string, T> choices) =>
        Read(key, "one of " + string.Join(", ", choices.Keys), text =>
        {
            var hit = choices.Keys.FirstOrDefault(name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase));
            return hit is null ? default : (true, choices[hit]);
        });

    /// <summary>The error for <paramref name="key"/> when a rule across keys fails: it shows the key's value as found.</summary>
    public TaskActorsConfigurationException Invalid(string key, string allowed) =>
        new(PathOf(key), Render(Config.HasPath(PathOf(key)) ? Config.GetValue(PathOf(key)) : null), allowed);

    // Only a string (HOCON's scalars are all strings underneath) can hold a valid value; objects, lists, HOCON null and
    // a missing key are reported with what was found.
    private T Read<T>(string key, string allowed, Func<string, (bool Ok, T Value)> parse)
    {
        var path = PathOf(key);
        var hocon = Config.HasPath(path) ? Config.GetValue(path) : null;
        if (hocon is not null && hocon.IsString() && hocon.GetString() is { } text && parse(text) is (true, var value))
        {
            return value;
        }

        throw new TaskActorsConfigurationException(path, Render(hocon), allowed);
    }

    // Akka's own duration syntax (units ms, s, m, h, d, or a bare number of milliseconds); "infinite" reads as -1 ms.
    private static TimeSpan? ParseDuration(string text)
    {
        try
        {
            return new HoconValue([new HoconLiteral { Value = text }]).GetTimeSpan();
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    // The value as the user wrote it: a string as is, an object or a list on one line; null when missing or HOCON null.
    private static string? Render(HoconValue? value) =>
        value is null ? null
        : value.IsString() ? value.GetString()
        : value.IsObject() ? "{ " + Whitespace().Replace(value.ToString().Trim(), " ") + " }"
        : Whitespace().Replace(value.ToString().Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
