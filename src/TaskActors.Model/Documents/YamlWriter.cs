using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TaskActors.Model.Documents;

/// <summary>
/// Writes JSON as YAML that <see cref="DocumentParser.ParseYaml"/> reads back to the same tree: the one YAML writer
/// of the project (the command's <c>-o yaml</c> and the test renderer both come here), so YamlDotNet's emitter
/// quirks are worked around in one place.
/// </summary>
/// <remarks>
/// <para>Objects become mappings and arrays sequences, in the order given; numbers keep their JSON text; strings take
/// the style that <see cref="YamlLayout.StringStyle"/> asks for, unless YamlDotNet 16.3's emitter writes that style
/// wrongly for the text, and then they are double quoted (the one style it always escapes):</para>
/// <list type="bullet">
/// <item><c>\r</c>, NEL (U+0085) and other control characters except <c>\n</c> and <c>\t</c> go out raw in every other
/// style and read back as <c>\n</c> (or not at all); a byte-order mark is dropped at the start of the text.</item>
/// <item>A tab at either end goes out plain and is lost; plain text must also read back as a string
/// (<c>true</c>, <c>1e3</c>, <c>null</c> are quoted).</item>
/// <item>Text with a line break inside a flow collection can end with its closing quote left of the collection's
/// indentation, where YamlDotNet's scanner then fails on the next plain text; it is double quoted (breaks escaped).</item>
/// <item>Literal and folded text made only of line breaks goes out with a chomping indicator that drops them, and a
/// line of only spaces can go out more indented than the block's first line, which the scanner rejects.</item>
/// <item>A tab right before or after a line break is dropped in plain and single-quoted text (the emitter falls back from plain
/// to single quotes for multi-line text).</item>
/// <item>A plain key with a word that starts with <c>*</c> is read by YamlDotNet's scanner as one text with its
/// value, so such keys are quoted.</item>
/// <item>Plain text that starts with <c>:</c>: after a flow collection YamlDotNet's scanner drops the colon (the reader
/// puts it back, see <see cref="ColonKeepingScanner"/>), but <c>:#a</c> then reads as a comment, and a key <c>:a</c>
/// cannot be read at all; such text is quoted.</item>
/// </list>
/// <para>Each rule is pinned by <c>YamlShapesSpec</c>, which writes every awkward shape in every style and context and
/// reads it back.</para>
/// </remarks>
public static class YamlWriter
{
    /// <summary>YAML (no document markers, ending with a line break) of the JSON text <paramref name="json"/>.</summary>
    /// <param name="json">Any JSON document.</param>
    /// <param name="layout">Styles of strings and collections; <see cref="YamlLayout.Readable"/> when <c>null</c>.</param>
    /// <returns>The YAML text.</returns>
    public static string FromJson(string json, YamlLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement, layout);
    }

    /// <summary>YAML (no document markers, ending with a line break) of the JSON value <paramref name="element"/>.</summary>
    /// <param name="element">Any JSON value.</param>
    /// <param name="layout">Styles of strings and collections; <see cref="YamlLayout.Readable"/> when <c>null</c>.</param>
    /// <returns>The YAML text.</returns>
    public static string FromJson(JsonElement element, YamlLayout? layout = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Write(emitter, element, layout ?? YamlLayout.Readable, depth: 0, inFlow: false);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>
    /// The style the emitter is given for <paramref name="value"/> when <paramref name="wanted"/> is asked: the same,
    /// or double quoted where the emitter would write the wanted style wrongly (the rules are listed on
    /// <see cref="YamlWriter"/>).
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="wanted">The style asked for.</param>
    /// <param name="isKey">Whether the text is a mapping key.</param>
    /// <param name="inFlow">Whether the text is inside a flow collection.</param>
    /// <returns>A style that reads back as <paramref name="value"/>.</returns>
    public static YamlStringStyle SafeStyle(string value, YamlStringStyle wanted, bool isKey, bool inFlow)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (wanted == YamlStringStyle.DoubleQuoted || HasUnsafeCharacter(value) || (inFlow && value.Contains('\n', StringComparison.Ordinal)))
        {
            return YamlStringStyle.DoubleQuoted;
        }

        return wanted switch
        {
            YamlStringStyle.Plain when !PlainKeepsText(value, isKey) => YamlStringStyle.DoubleQuoted,
            YamlStringStyle.Plain or YamlStringStyle.SingleQuoted when value.Contains("\n\t", StringComparison.Ordinal) || value.Contains("\t\n", StringComparison.Ordinal) => YamlStringStyle.DoubleQuoted,
            YamlStringStyle.Literal or YamlStringStyle.Folded when value.Length > 0 && value.All(c => c == '\n') => YamlStringStyle.DoubleQuoted,
            YamlStringStyle.Literal or YamlStringStyle.Folded when value.Split('\n').Any(line => line.Length > 0 && line.All(char.IsWhiteSpace)) => YamlStringStyle.DoubleQuoted,
            _ => wanted,
        };
    }

    private static void Write(IEmitter emitter, JsonElement element, YamlLayout layout, int depth, bool inFlow)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var flowMapping = inFlow || layout.FlowMapping(depth);
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, flowMapping ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    WriteString(emitter, property.Name, layout, isKey: true, flowMapping);
                    Write(emitter, property.Value, layout, depth + 1, flowMapping);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                var flowSequence = inFlow || layout.FlowSequence(depth);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flowSequence ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Write(emitter, item, layout, depth + 1, flowSequence);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                WriteString(emitter, element.GetString()!, layout, isKey: false, inFlow);
                break;
            default:
                // Numbers (as written), true, false and null: plain scalars that resolve to their own kind.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, element.GetRawText(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string value, YamlLayout layout, bool isKey, bool inFlow)
    {
        var style = SafeStyle(value, layout.StringStyle(value, isKey), isKey, inFlow);
        var plainReadsAsString = YamlScalarResolver.ResolvePlain(value).Kind == ScalarKind.String;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ToEmitterStyle(style), plainReadsAsString, true));
    }

    private static bool HasUnsafeCharacter(string value) =>
        value.Any(c => c == '\u0085' || c == '\uFEFF' || (char.IsControl(c) && c is not '\n' and not '\t'));

    private static bool PlainKeepsText(string value, bool isKey) =>
        value.Length > 0 &&
        !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) &&
        !value.StartsWith(':') &&
        YamlScalarResolver.ResolvePlain(value).Kind == ScalarKind.String &&
        !(isKey && (value.StartsWith('*') || value.Contains(" *", StringComparison.Ordinal) || value.Contains("\t*", StringComparison.Ordinal)));

    private static ScalarStyle ToEmitterStyle(YamlStringStyle style) => style switch
    {
        YamlStringStyle.Plain => ScalarStyle.Plain,
        YamlStringStyle.SingleQuoted => ScalarStyle.SingleQuoted,
        YamlStringStyle.Literal => ScalarStyle.Literal,
        YamlStringStyle.Folded => ScalarStyle.Folded,
        _ => ScalarStyle.DoubleQuoted,
    };
}
