using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TaskActors.Model.Documents;

/// <summary>
/// Builds the document tree from YAML text with YamlDotNet's event parser. Used by
/// <see cref="DocumentParser.ParseYaml"/>; see there for the accepted YAML.
/// </summary>
internal sealed class YamlTreeBuilder
{
    private readonly ColonKeepingScanner _scanner;
    private readonly Parser _parser;
    private readonly string? _sourceName;
    private readonly List<DocumentError> _errors = [];
    private readonly Dictionary<string, Built> _anchors = new(StringComparer.Ordinal);
    private long _aliasExpansion;
    private bool _expansionReported;
    private bool _depthReported;

    private YamlTreeBuilder(string text, string? sourceName)
    {
        _scanner = new ColonKeepingScanner(text);
        _parser = new Parser(_scanner);
        _sourceName = sourceName;
    }

    public static ParseResult Build(string text, string? sourceName) => new YamlTreeBuilder(text, sourceName).Run();

    private ParseResult Run()
    {
        var documents = new List<DocNode>();
        try
        {
            _parser.Consume<StreamStart>();
            while (!_parser.TryConsume<StreamEnd>(out _))
            {
                _parser.Consume<DocumentStart>();
                _anchors.Clear();
                _aliasExpansion = 0;
                _expansionReported = false;
                _depthReported = false;
                var root = ReadNode(DocPath.Root, depth: 0, isRoot: true).Node;
                _parser.Consume<DocumentEnd>();
                if (root is DocSequence sequence)
                {
                    documents.AddRange(sequence.Items);
                }
                else
                {
                    documents.Add(root);
                }
            }
        }
        catch (YamlException exception)
        {
            _errors.Add(new DocumentError(_sourceName, Position(exception.Start), DocPath.Root, $"invalid YAML: {exception.Message}"));
        }
        catch (Exception exception) when (exception is InvalidOperationException or EndOfStreamException or ArgumentException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            // YamlDotNet's scanner throws more than YamlException on some malformed text (e.g. InvalidOperationException
            // for a flow scalar continued left of its collection); it is still a syntax error at the scanner's position.
            _errors.Add(new DocumentError(_sourceName, Position(_scanner.CurrentPosition), DocPath.Root, $"invalid YAML: the reader could not go on from here ({exception.Message})"));
        }

        return new ParseResult(documents, _errors);
    }

    private Built ReadNode(string path, int depth, bool isRoot)
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return ResolveAlias(alias, path, depth);
        }

        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            return Register(scalar.Anchor, BuildScalar(scalar, path));
        }

        if (_parser.Accept<SequenceStart>(out var sequenceStart))
        {
            return depth < DocumentParser.MaxDepth
                ? ReadSequence(path, depth, isRoot)
                : throw NestedTooDeep(sequenceStart.Start);
        }

        if (_parser.Accept<MappingStart>(out var mappingStart))
        {
            return depth < DocumentParser.MaxDepth
                ? ReadMapping(path, depth)
                : throw NestedTooDeep(mappingStart.Start);
        }

        var current = _parser.Current;
        throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"unexpected {current?.GetType().Name}");
    }

    private Built ReadSequence(string path, int depth, bool isRoot)
    {
        var start = _parser.Consume<SequenceStart>();
        CheckCollectionTag(start.Tag, "seq", start.Start, path);
        var items = new List<DocNode>();
        long weight = 1;
        var height = 0;
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            var item = ReadNode(isRoot ? path : DocPath.Index(path, items.Count), depth + 1, isRoot: false);
            items.Add(item.Node);
            weight += item.Weight;
            height = Math.Max(height, item.Height);
        }

        return Register(start.Anchor, new Built(new DocSequence(Position(start.Start), items), weight, height + 1));
    }

    private Built ReadMapping(string path, int depth)
    {
        var start = _parser.Consume<MappingStart>();
        CheckCollectionTag(start.Tag, "map", start.Start, path);
        var properties = new List<DocProperty>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        long weight = 1;
        var height = 0;
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            if (!_parser.TryConsume<Scalar>(out var key))
            {
                var keyEvent = _parser.Current;
                var what = keyEvent switch
                {
                    AnchorAlias => "aliases cannot be used as mapping keys",
                    MappingStart => "mapping keys must be scalars, got an object",
                    _ => "mapping keys must be scalars, got a list",
                };
                AddError(Position(keyEvent?.Start ?? start.Start), path, what);
                _parser.SkipThisAndNestedEvents();
                _parser.SkipThisAndNestedEvents();
                continue;
            }

            var name = key.Value;
            var namePosition = Position(key.Start);
            var valuePath = DocPath.Property(path, name);
            Register(key.Anchor, BuildScalar(key, valuePath));
            var value = ReadNode(valuePath, depth + 1, isRoot: false);
            if (seen.TryGetValue(name, out var first))
            {
                AddError(namePosition, valuePath, JsonTreeBuilder.DuplicateKey(name, first));
                continue;
            }

            seen.Add(name, namePosition);
            properties.Add(new DocProperty(name, namePosition, value.Node));
            weight += value.Weight;
            height = Math.Max(height, value.Height);
        }

        return Register(start.Anchor, new Built(new DocMapping(Position(start.Start), properties), weight, height + 1));
    }

    private Built ResolveAlias(AnchorAlias alias, string path, int depth)
    {
        var position = Position(alias.Start);
        var name = alias.Value.Value;
        if (!_anchors.TryGetValue(name, out var target))
        {
            AddError(position, path, $"alias '*{name}' does not refer to an anchor defined before it in this document");
            return NullAt(position);
        }

        if (depth + target.Height > DocumentParser.MaxDepth)
        {
            return AliasTooDeep(position, path);
        }

        _aliasExpansion += target.Weight;
        if (_aliasExpansion > DocumentParser.MaxAliasExpansion)
        {
            if (!_expansionReported)
            {
                _expansionReported = true;
                AddError(position, path, $"aliases expand to more than {DocumentParser.MaxAliasExpansion} nodes in this document");
            }

            return NullAt(position);
        }

        return target;
    }

    private Built BuildScalar(Scalar scalar, string path)
    {
        var position = Position(scalar.Start);
        if (scalar.Style == ScalarStyle.Plain && ContainsMappingSeparator(scalar.Value))
        {
            AddError(position, path, $"the unquoted text '{scalar.Value}' contains ': ', which YAML reads as a key/value separator, but this reader could not split it (a word starting with '*' before ': ' hides it); put the key in quotes");
        }

        var (kind, text) = Resolve(scalar, position, path);
        return new Built(new DocScalar(position, text, kind), 1, 0);
    }

    private (ScalarKind Kind, string? Text) Resolve(Scalar scalar, SourcePosition position, string path)
    {
        var tag = scalar.Tag;
        if (tag.IsEmpty)
        {
            return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
                ? YamlScalarResolver.ResolvePlain(scalar.Value)
                : (ScalarKind.String, scalar.Value);
        }

        if (tag.IsNonSpecific || tag.Value == YamlScalarResolver.CoreTagPrefix + "str")
        {
            return (ScalarKind.String, scalar.Value);
        }

        var resolved = YamlScalarResolver.ResolvePlain(scalar.Value);
        var coreName = tag.Value.StartsWith(YamlScalarResolver.CoreTagPrefix, StringComparison.Ordinal)
            ? tag.Value[YamlScalarResolver.CoreTagPrefix.Length..]
            : null;
        bool? fits = coreName switch
        {
            "null" => resolved.Kind == ScalarKind.Null,
            "bool" => resolved.Kind == ScalarKind.Boolean,
            "int" => resolved.Kind == ScalarKind.Number && YamlScalarResolver.IsIntegerText(resolved.Text!),
            "float" => resolved.Kind == ScalarKind.Number,
            _ => null,
        };
        var shown = YamlScalarResolver.Display(tag.Value);
        switch (fits)
        {
            case true:
                return resolved;
            case false:
                AddError(position, path, $"'{scalar.Value}' is not a valid {shown} value");
                return (ScalarKind.String, scalar.Value);
            default:
                AddError(position, path, $"unsupported tag '{shown}'");
                return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any ? resolved : (ScalarKind.String, scalar.Value);
        }
    }

    /// <summary>
    /// True for plain text that YAML cannot hold: ': ' always ends a plain scalar, so YamlDotNet returning one that
    /// contains it means its scanner took a key and its value as one text (it does after a word such as <c>*b</c>).
    /// </summary>
    private static bool ContainsMappingSeparator(string value) =>
        value.Contains(": ", StringComparison.Ordinal) || value.Contains(":\t", StringComparison.Ordinal);

    private void CheckCollectionTag(TagName tag, string expected, Mark start, string path)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != YamlScalarResolver.CoreTagPrefix + expected)
        {
            AddError(Position(start), path, $"unsupported tag '{YamlScalarResolver.Display(tag.Value)}'");
        }
    }

    /// <summary>
    /// Stops parsing at a container nested too deeply. This is fatal rather than skipped because YamlDotNet's
    /// scanner does work proportional to the flow nesting depth for every token, so reading on through
    /// pathological input such as 100,000 <c>[</c> would take minutes.
    /// </summary>
    private static YamlException NestedTooDeep(Mark start) =>
        new(start, start, $"nesting is deeper than {DocumentParser.MaxDepth} levels");

    private Built AliasTooDeep(SourcePosition position, string path)
    {
        if (!_depthReported)
        {
            _depthReported = true;
            AddError(position, path, $"nesting is deeper than {DocumentParser.MaxDepth} levels once aliases are expanded");
        }

        return NullAt(position);
    }

    private Built Register(AnchorName anchor, Built built)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = built;
        }

        return built;
    }

    private void AddError(SourcePosition position, string path, string message) =>
        _errors.Add(new DocumentError(_sourceName, position, path, message));

    private static Built NullAt(SourcePosition position) => new(new DocScalar(position, null, ScalarKind.Null), 1, 0);

    private static SourcePosition Position(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    /// <summary>A built node with its expanded size (nodes, counting aliases in full) and container height.</summary>
    private readonly record struct Built(DocNode Node, long Weight, int Height);
}
