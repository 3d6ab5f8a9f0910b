using System.Globalization;
using System.Text;

namespace TaskActors.Configuration;

/// <summary>
/// Writes values into HOCON text. Used wherever a value from code (a store path, a connection string, a node name)
/// becomes a key of a configuration: <c>TaskActorsConfig</c> and the hosting layer's options.
/// </summary>
public static class HoconText
{
    /// <summary>
    /// <paramref name="value"/> as a HOCON quoted string that reads back unchanged: backslashes, double quotes and
    /// control characters escaped (an unquoted HOCON string would stop at <c>:</c>, <c>=</c>, <c>#</c> or whitespace,
    /// and <c>${…}</c> in it would be a substitution).
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append(@"\n"),
                '\r' => quoted.Append(@"\r"),
                '\t' => quoted.Append(@"\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
