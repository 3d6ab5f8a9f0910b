using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskActors.Model.Documents;

/// <summary>Number-text helpers shared by <see cref="DocScalar"/> and <see cref="DocJson"/>.</summary>
internal static partial class NumberText
{
    /// <summary>True when <paramref name="text"/> is a number exactly as the JSON grammar spells it.</summary>
    public static bool IsJsonNumber(string text) => JsonNumber().IsMatch(text);

    /// <summary>Parses invariant number text, plus the YAML forms <c>.inf</c>, <c>+.inf</c>, <c>-.inf</c> and <c>.nan</c>.</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    [GeneratedRegex(@"\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
