using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskActors.Cli;

/// <summary>
/// Turns the command's JSON output into YAML with the same tree: objects become mappings, arrays sequences; strings
/// that YAML would read as something else (<c>true</c>, <c>123</c>, <c>null</c>, a leading special character) are quoted.
/// </summary>
internal static class JsonToYaml
{
    /// <summary>YAML of the JSON document <paramref name="json"/> (no document markers).</summary>
    public static string Convert(string json)
    {
        using var document = JsonDocument.Parse(json);
        var stream = new YamlStream(new YamlDocument(Node(document.RootElement)));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream ends every document with "...": not wanted for a single printed document.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text.TrimEnd('\n', '.') + "\n";
    }

    private static YamlNode Node(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new YamlMappingNode(element.EnumerateObject().Select(p =>
            new KeyValuePair<YamlNode, YamlNode>(Text(p.Name), Node(p.Value)))),
        JsonValueKind.Array => new YamlSequenceNode(element.EnumerateArray().Select(Node)),
        JsonValueKind.String => Text(element.GetString() ?? string.Empty),
        JsonValueKind.Number => new YamlScalarNode(element.GetRawText()),
        JsonValueKind.True => new YamlScalarNode("true"),
        JsonValueKind.False => new YamlScalarNode("false"),
        _ => new YamlScalarNode("null"),
    };

    private static YamlScalarNode Text(string value) =>
        new(value) { Style = NeedsQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain };

    private static bool NeedsQuotes(string value)
    {
        if (value.Length == 0 || value.Contains('\n', StringComparison.Ordinal) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return true;
        }

        if (value.ToLowerInvariant() is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off" or "y" or "n")
        {
            return true;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return "-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal)
            || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal);
    }
}
