using System.Buffers;
using System.Text.Json;

namespace TaskActors.Model.Documents;

/// <summary>
/// Converts document subtrees to JSON. Used by the manifest reader to carry free-form input (e.g. a handler's
/// arguments) through as a <see cref="JsonElement"/> after it has been parsed from YAML or JSON.
/// </summary>
/// <remarks>
/// Numbers are written as their source text when it is already a valid JSON number; otherwise (YAML forms such
/// as <c>+5</c>, <c>007</c>, <c>.5</c>, <c>1.</c>) as the double they denote. JSON has no infinity or NaN, so
/// <c>.inf</c>, <c>-.inf</c> and <c>.nan</c> are written as the strings <c>"Infinity"</c>, <c>"-Infinity"</c>
/// and <c>"NaN"</c> (System.Text.Json's named floating-point literals). A node shared through a YAML alias is
/// written at every place it is used.
/// </remarks>
public static class DocJson
{
    private const int MaxDepth = 1000;

    /// <summary>Writes <paramref name="node"/> and its subtree as one JSON value.</summary>
    /// <param name="node">The subtree root.</param>
    /// <param name="writer">The writer to write to.</param>
    public static void WriteTo(DocNode node, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(writer);
        switch (node)
        {
            case DocMapping mapping:
                writer.WriteStartObject();
                foreach (var property in mapping.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteTo(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case DocSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    WriteTo(item, writer);
                }

                writer.WriteEndArray();
                break;
            case DocScalar scalar:
                WriteScalar(scalar, writer);
                break;
            default:
                throw new ArgumentException($"Unknown node type {node.GetType().Name}.", nameof(node));
        }
    }

    /// <summary>Converts <paramref name="node"/> and its subtree to a standalone (cloned) <see cref="JsonElement"/>.</summary>
    /// <param name="node">The subtree root.</param>
    /// <returns>An element that does not depend on any disposable document.</returns>
    public static JsonElement ToJsonElement(DocNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth }))
        {
            WriteTo(node, writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return document.RootElement.Clone();
    }

    private static void WriteScalar(DocScalar scalar, Utf8JsonWriter writer)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.String:
                writer.WriteStringValue(scalar.Text);
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(scalar.Text == "true");
                break;
            case ScalarKind.Number when NumberText.IsJsonNumber(scalar.Text!):
                writer.WriteRawValue(scalar.Text!, skipInputValidation: true);
                break;
            case ScalarKind.Number:
                _ = scalar.TryGetDouble(out var value);
                if (double.IsFinite(value))
                {
                    writer.WriteNumberValue(value);
                }
                else
                {
                    writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
                }

                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
