using System.Globalization;
using TaskActors.Model.Common;
using TaskActors.Model.Documents;

namespace TaskActors.Model.Manifests;

/// <summary>
/// Reads the fields of one mapping, reporting wrong types and missing required fields to the
/// <see cref="ReadContext"/>, and — on <see cref="Finish"/> — every field it was not asked for as unknown.
/// </summary>
internal sealed class ObjectReader
{
    private readonly ReadContext _context;
    private readonly DocMapping _mapping;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private ObjectReader(ReadContext context, DocMapping mapping, string path)
    {
        _context = context;
        _mapping = mapping;
        Path = path;
        context.Record(path, mapping.Position);
    }

    public string Path { get; }

    public ReadContext Context => _context;

    public SourcePosition Position => _mapping.Position;

    public IReadOnlyList<DocProperty> Properties => _mapping.Properties;

    /// <summary>Opens <paramref name="node"/> as an object; reports and returns null when it is something else.</summary>
    public static ObjectReader? Open(ReadContext context, DocNode node, string path)
    {
        if (node is DocMapping mapping)
        {
            return new ObjectReader(context, mapping, path);
        }

        context.Error(node.Position, path, $"expected an object, got {node.KindName}");
        return null;
    }

    public string FieldPath(string name) => DocPath.Property(Path, name);

    /// <summary>The field's node, or null when absent or explicitly null.</summary>
    public DocNode? Get(string name)
    {
        _known.Add(name);
        if (!_mapping.TryGet(name, out var node))
        {
            return null;
        }

        if (_context.TracksPositions)
        {
            _context.Record(FieldPath(name), node.Position);
        }

        return node is DocScalar { Kind: ScalarKind.Null } ? null : node;
    }

    public bool Has(string name) => _mapping.TryGet(name, out var node) && node is not DocScalar { Kind: ScalarKind.Null };

    public void Missing(string name, string allowed) =>
        _context.Error(_mapping.Position, FieldPath(name), $"is required (allowed: {allowed})");

    public ObjectReader? Object(string name, bool required = false, string allowed = "an object")
    {
        var node = Get(name);
        if (node is null)
        {
            if (required)
            {
                Missing(name, allowed);
            }

            return null;
        }

        return Open(_context, node, FieldPath(name));
    }

    public string? String(string name, bool required = false, string allowed = "a string")
    {
        var node = Get(name);
        if (node is null)
        {
            if (required)
            {
                Missing(name, allowed);
            }

            return null;
        }

        return ReadString(node, FieldPath(name), allowed);
    }

    public string? ReadString(DocNode node, string path, string allowed = "a string")
    {
        if (node is DocScalar { Kind: ScalarKind.String } scalar)
        {
            return scalar.Text ?? string.Empty;
        }

        var hint = node is DocScalar other ? $" (write it in quotes if you meant the text '{other.Text}')" : string.Empty;
        _context.Error(node.Position, path, $"expected a string, got {node.KindName}{hint}; allowed: {allowed}");
        return null;
    }

    public long? Int64(string name, bool required = false, string allowed = "an integer")
    {
        var node = Get(name);
        if (node is null)
        {
            if (required)
            {
                Missing(name, allowed);
            }

            return null;
        }

        if (node is DocScalar scalar && scalar.TryGetInt64(out var value))
        {
            return value;
        }

        _context.Error(node.Position, FieldPath(name), $"expected an integer, got {Describe(node)}; allowed: {allowed}");
        return null;
    }

    public int? Int32(string name, bool required = false, string allowed = "an integer")
    {
        var value = Int64(name, required, allowed);
        if (value is null)
        {
            return null;
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            return (int)value.Value;
        }

        _context.Error(_mapping.Properties.First(p => p.Name == name).Value.Position, FieldPath(name), $"{value} is out of range; allowed: {allowed}");
        return null;
    }

    public double? Double(string name, string allowed = "a number")
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar scalar && scalar.TryGetDouble(out var value))
        {
            return value;
        }

        _context.Error(node.Position, FieldPath(name), $"expected a number, got {Describe(node)}; allowed: {allowed}");
        return null;
    }

    public bool? Boolean(string name)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar scalar && scalar.TryGetBoolean(out var value))
        {
            return value;
        }

        _context.Error(node.Position, FieldPath(name), $"expected true or false, got {Describe(node)}");
        return null;
    }

    public DateTimeOffset? Timestamp(string name)
    {
        var text = String(name, allowed: "an RFC 3339 UTC timestamp such as 2026-11-28T07:34:25Z");
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        _context.Error(Get(name)?.Position, FieldPath(name), $"'{text}' is not a timestamp; allowed: an RFC 3339 UTC timestamp such as 2026-11-28T07:34:25Z");
        return null;
    }

    /// <summary>Reads a list field, calling <paramref name="item"/> for each element with its path.</summary>
    public ValueList<T> List<T>(string name, Func<DocNode, string, T?> item, string allowed = "a list")
    {
        var node = Get(name);
        if (node is null)
        {
            return ValueList<T>.Empty;
        }

        if (node is not DocSequence sequence)
        {
            _context.Error(node.Position, FieldPath(name), $"expected a list, got {node.KindName}; allowed: {allowed}");
            return ValueList<T>.Empty;
        }

        var items = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = DocPath.Index(FieldPath(name), i);
            _context.Record(itemPath, sequence.Items[i].Position);
            if (item(sequence.Items[i], itemPath) is { } value)
            {
                items.Add(value);
            }
        }

        return ValueList<T>.From(items);
    }

    public ValueList<string> StringList(string name, string allowed = "a list of strings") =>
        List(name, (node, path) => ReadString(node, path), allowed);

    /// <summary>Reads an object of string values (labels), keyed by property name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMap(string name)
    {
        var map = Object(name);
        if (map is null)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in map.Properties)
        {
            var path = map.FieldPath(property.Name);
            map._known.Add(property.Name);
            _context.Record(path, property.Value.Position);
            if (map.ReadString(property.Value, path, "a string value") is { } value)
            {
                pairs.Add(new KeyValuePair<string, string>(property.Name, value));
            }
        }

        return pairs;
    }

    /// <summary>Reports every field of the mapping that no accessor asked for.</summary>
    public void Finish()
    {
        foreach (var property in _mapping.Properties)
        {
            if (!_known.Contains(property.Name))
            {
                _context.Error(property.NamePosition, FieldPath(property.Name),
                    $"unknown field '{property.Name}'; allowed here: {string.Join(", ", _known.Order(StringComparer.Ordinal))}");
            }
        }
    }

    public void Error(DocNode? node, string path, string message) => _context.Error(node?.Position ?? Position, path, message);

    private static string Describe(DocNode node) => node is DocScalar { Kind: ScalarKind.String } s ? $"the string '{s.Text}'" : node.KindName;
}
