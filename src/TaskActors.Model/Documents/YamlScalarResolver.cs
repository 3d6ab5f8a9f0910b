using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace TaskActors.Model.Documents;

/// <summary>
/// Resolves YAML plain scalars by the YAML 1.2 core schema. Used by <see cref="YamlTreeBuilder"/>.
/// </summary>
internal static partial class YamlScalarResolver
{
    /// <summary>The prefix of the standard YAML tags (<c>!!str</c> is <c>tag:yaml.org,2002:str</c>).</summary>
    public const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// Resolves a plain scalar: <c>null</c>/<c>Null</c>/<c>NULL</c>/<c>~</c>/empty are null;
    /// <c>true</c>/<c>True</c>/<c>TRUE</c> and the <c>false</c> forms are booleans (text normalised);
    /// decimal integers, floats (<c>1.5</c>, <c>.5</c>, <c>1e3</c>), <c>.inf</c>/<c>-.inf</c>/<c>.nan</c> are
    /// numbers kept as written; <c>0o17</c> and <c>0x1F</c> are numbers rewritten in decimal; anything else
    /// (including YAML 1.1's <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>) is a string.
    /// </summary>
    public static (ScalarKind Kind, string? Text) ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return (ScalarKind.Null, null);
            case "true" or "True" or "TRUE":
                return (ScalarKind.Boolean, "true");
            case "false" or "False" or "FALSE":
                return (ScalarKind.Boolean, "false");
        }

        if (CoreNumber().IsMatch(value))
        {
            return (ScalarKind.Number, value);
        }

        if (Octal().IsMatch(value))
        {
            return (ScalarKind.Number, ToDecimal(value.AsSpan(2), 8));
        }

        if (Hex().IsMatch(value))
        {
            return (ScalarKind.Number, ToDecimal(value.AsSpan(2), 16));
        }

        return (ScalarKind.String, value);
    }

    /// <summary>True when number text is an integer (optional sign, decimal digits).</summary>
    public static bool IsIntegerText(string text) => DecimalInteger().IsMatch(text);

    /// <summary>Shows a tag as written in YAML: <c>!!int</c> for standard tags, verbatim otherwise.</summary>
    public static string Display(string tag) =>
        tag.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tag[CoreTagPrefix.Length..] : tag;

    private static string ToDecimal(ReadOnlySpan<char> digits, int radix)
    {
        var value = BigInteger.Zero;
        foreach (var digit in digits)
        {
            value = (value * radix) + (char.IsAsciiDigit(digit) ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\A(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z", RegexOptions.CultureInvariant)]
    private static partial Regex CoreNumber();

    [GeneratedRegex(@"\A[-+]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"\A0o[0-7]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Octal();

    [GeneratedRegex(@"\A0x[0-9a-fA-F]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();
}
