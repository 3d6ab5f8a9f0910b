using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace TaskActors.Model.Documents;

/// <summary>
/// A JSON object or YAML mapping: an ordered list of <see cref="DocProperty"/> entries with unique names
/// (the parser reports duplicates and keeps the first). Read by the manifest reader through
/// <see cref="Properties"/> (e.g. to find unknown keys) and <see cref="TryGet"/>.
/// </summary>
public sealed class DocMapping : DocNode
{
    private const int IndexThreshold = 8;

    private readonly ReadOnlyCollection<DocProperty> _properties;
    private readonly Dictionary<string, DocNode>? _byName;

    /// <summary>Creates a mapping. If a name occurs more than once, <see cref="TryGet"/> returns the first.</summary>
    /// <param name="position">Where the mapping starts.</param>
    /// <param name="properties">The entries in source order.</param>
    public DocMapping(SourcePosition position, IEnumerable<DocProperty> properties)
        : base(position)
    {
        ArgumentNullException.ThrowIfNull(properties);
        _properties = Array.AsReadOnly(properties.ToArray());
        if (_properties.Count > IndexThreshold)
        {
            _byName = new Dictionary<string, DocNode>(_properties.Count, StringComparer.Ordinal);
            foreach (var property in _properties)
            {
                _byName.TryAdd(property.Name, property.Value);
            }
        }
    }

    /// <summary>The entries in source order.</summary>
    public IReadOnlyList<DocProperty> Properties => _properties;

    /// <inheritdoc />
    public override string KindName => "an object";

    /// <summary>Looks up a value by its exact (case-sensitive) key.</summary>
    /// <param name="name">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><c>true</c> when the key is present.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out DocNode? value)
    {
        if (_byName is not null)
        {
            return _byName.TryGetValue(name, out value);
        }

        foreach (var property in _properties)
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                value = property.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
