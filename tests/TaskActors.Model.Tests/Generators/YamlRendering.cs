using System.Globalization;
using System.Text.Json;
using TaskActors.Model.Documents;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TaskActors.Model.Tests.Generators;

/// <summary>
/// Renders JSON as YAML with YamlDotNet's emitter, so the YAML reader can be checked against the JSON one. Strings
/// are written in a style drawn from <c>seed</c> (plain when the plain form still reads as a string, single or
/// double quoted, literal or folded; the emitter falls back to a quoted style when the drawn one cannot hold the
/// text, and text the emitter mishandles is always double quoted); numbers keep their JSON text; mappings and sequences are block or flow.
/// </summary>
public static class YamlRendering
{
    private static readonly ScalarStyle[] StringStyles =
        [ScalarStyle.Any, ScalarStyle.Plain, ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted, ScalarStyle.Literal, ScalarStyle.Folded];

    /// <summary>A YAML document for the JSON object <paramref name="json"/>, its root mapping in block style.</summary>
    public static string FromJson(string json, int seed)
    {
        using var document = JsonDocument.Parse(json);
        var random = new Random(seed);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Write(emitter, document.RootElement, random, root: true);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>A YAML document <c>{ <paramref name="rootKey"/>: &lt;json&gt; }</c> with the root mapping in block style.</summary>
    public static string Document(string rootKey, string json, int seed) =>
        FromJson($"{{{JsonSerializer.Serialize(rootKey)}:{json}}}", seed);

    /// <summary>The one-line form: JSON is YAML flow syntax, so <c>spec: {...}</c> is a YAML document.</summary>
    public static string FlowLine(string rootKey, string json) => $"{rootKey}: {json}";

    private static void Write(IEmitter emitter, JsonElement element, Random random, bool root = false)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, !root && random.Next(4) == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    WriteString(emitter, property.Name, random);
                    Write(emitter, property.Value, random);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, random.Next(4) == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Write(emitter, item, random);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                WriteString(emitter, element.GetString()!, random);
                break;
            default:
                // Numbers (as written), true, false and null: plain scalars that resolve to their own kind.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, element.GetRawText(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string value, Random random)
    {
        // YamlDotNet 16.3's emitter writes some strings in a style that does not read back (checked against its own
        // parser): tabs at either end go out plain and are lost, and \r goes out raw in quoted and block styles and
        // is read back as \n. Such strings are always written double quoted, where the emitter escapes them.
        var unsafeForOtherStyles = value.Any(c => char.IsControl(c) && c != '\n') ||
                                   (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        var style = unsafeForOtherStyles ? ScalarStyle.DoubleQuoted : StringStyles[random.Next(StringStyles.Length)];
        var plainReadsAsString = YamlScalarResolver.ResolvePlain(value).Kind == ScalarKind.String;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, plainReadsAsString, true));
    }
}
