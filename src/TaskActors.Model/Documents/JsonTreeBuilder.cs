using System.Text;
using System.Text.Json;

namespace TaskActors.Model.Documents;

/// <summary>
/// Builds the document tree from JSON text with <see cref="Utf8JsonReader"/> (comments skipped, trailing commas
/// allowed, nesting limited to <see cref="DocumentParser.MaxDepth"/>). Used by <see cref="DocumentParser.ParseJson"/>.
/// </summary>
internal sealed class JsonTreeBuilder
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = DocumentParser.MaxDepth,
    };

    private readonly byte[] _utf8;
    private readonly LineMap? _lines;
    private readonly string? _sourceName;
    private readonly List<DocumentError> _errors = [];

    private JsonTreeBuilder(byte[] utf8, string? sourceName, bool trackPositions)
    {
        _utf8 = utf8;
        _lines = trackPositions ? new LineMap(_utf8) : null;
        _sourceName = sourceName;
    }

    public static ParseResult Build(string text, string? sourceName) => new JsonTreeBuilder(Encoding.UTF8.GetBytes(text), sourceName, trackPositions: true).Run();

    /// <summary>
    /// Builds the tree of UTF-8 JSON without computing line and column (every position is 0:0): the fast path for
    /// reading stored events, where positions mean nothing and the cost of mapping them shows in every recovery.
    /// </summary>
    public static ParseResult BuildUtf8WithoutPositions(byte[] utf8, string? sourceName) => new JsonTreeBuilder(utf8, sourceName, trackPositions: false).Run();

    private SourcePosition PositionAt(long byteOffset) => _lines?.FromByteOffset(byteOffset) ?? default;

    private ParseResult Run()
    {
        IReadOnlyList<DocNode> documents;
        var reader = new Utf8JsonReader(_utf8, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                _errors.Add(new DocumentError(_sourceName, new SourcePosition(1, 1), DocPath.Root, "the text holds no JSON value"));
                return new ParseResult([], _errors);
            }

            var root = ReadValue(ref reader, DocPath.Root, isRoot: true);
            if (reader.Read())
            {
                throw new JsonException("unexpected content after the JSON value");
            }

            documents = root is DocSequence sequence ? sequence.Items : [root];
        }
        catch (JsonException exception)
        {
            _errors.Add(SyntaxError(exception));
            documents = [];
        }
        catch (InvalidOperationException exception)
        {
            // GetString() rejects escapes that do not form valid UTF-16, e.g. a lone "\uD800".
            var position = PositionAt(reader.TokenStartIndex);
            _errors.Add(new DocumentError(_sourceName, position, DocPath.Root, $"invalid JSON: {exception.Message}"));
            documents = [];
        }

        return new ParseResult(documents, _errors);
    }

    private DocNode ReadValue(ref Utf8JsonReader reader, string path, bool isRoot)
    {
        var position = PositionAt(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, path, position);
            case JsonTokenType.StartArray:
                var items = new List<DocNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, isRoot ? path : DocPath.Index(path, items.Count), isRoot: false));
                }

                return new DocSequence(position, items);
            case JsonTokenType.String:
                return new DocScalar(position, reader.GetString(), ScalarKind.String);
            case JsonTokenType.Number:
                return new DocScalar(position, Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number);
            case JsonTokenType.True:
                return new DocScalar(position, "true", ScalarKind.Boolean);
            case JsonTokenType.False:
                return new DocScalar(position, "false", ScalarKind.Boolean);
            case JsonTokenType.Null:
                return new DocScalar(position, null, ScalarKind.Null);
            default:
                throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    private DocMapping ReadObject(ref Utf8JsonReader reader, string path, SourcePosition position)
    {
        var properties = new List<DocProperty>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var namePosition = PositionAt(reader.TokenStartIndex);
            var valuePath = DocPath.Property(path, name);
            reader.Read();
            var value = ReadValue(ref reader, valuePath, isRoot: false);
            if (seen.TryGetValue(name, out var first))
            {
                _errors.Add(new DocumentError(_sourceName, namePosition, valuePath, DuplicateKey(name, first)));
            }
            else
            {
                seen.Add(name, namePosition);
                properties.Add(new DocProperty(name, namePosition, value));
            }
        }

        return new DocMapping(position, properties);
    }

    private DocumentError SyntaxError(JsonException exception)
    {
        SourcePosition? position = exception.LineNumber is { } line && _lines is not null
            ? _lines.FromLineAndByte(line, exception.BytePositionInLine ?? 0)
            : null;
        var message = exception.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix > 0)
        {
            message = message[..suffix];
        }

        return new DocumentError(_sourceName, position, DocPath.Root, $"invalid JSON: {message}");
    }

    internal static string DuplicateKey(string name, SourcePosition first) =>
        $"duplicate key '{name}' (first defined at line {first.Line}, column {first.Column})";
}
