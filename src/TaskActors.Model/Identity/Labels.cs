using System.Collections;
using System.Collections.Immutable;
using TaskActors.Model.Common;

namespace TaskActors.Model.Identity;

/// <summary>
/// Key/value labels (task labels in <c>spec.labels</c>, runner labels on a node), sorted by key, compared by
/// value. Keys and values follow the Kubernetes label format, checked by <see cref="Validate"/>.
/// </summary>
public sealed class Labels : IReadOnlyDictionary<string, string>, IEquatable<Labels>
{
    private readonly ImmutableSortedDictionary<string, string> _items;

    /// <summary>No labels.</summary>
    public static readonly Labels Empty = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    private Labels(ImmutableSortedDictionary<string, string> items) => _items = items;

    /// <summary>Creates labels from pairs; a later pair with the same key wins.</summary>
    public static Labels From(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return Empty;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            builder[key] = value;
        }

        return builder.Count == 0 ? Empty : new Labels(builder.ToImmutable());
    }

    /// <summary>Creates labels from <c>("key", "value")</c> tuples.</summary>
    public static Labels Of(params (string Key, string Value)[] pairs) =>
        From(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    /// <summary>Returns labels with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public Labels With(string key, string value) => new(_items.SetItem(key, value));

    /// <summary>Checks every key and value, returning one error per bad entry with its path under <paramref name="path"/>.</summary>
    public IEnumerable<FieldError> Validate(string path)
    {
        foreach (var (key, value) in _items)
        {
            if (LabelRules.CheckKey(key) is { } keyProblem)
            {
                yield return new FieldError($"{path}.{key}", $"label key '{key}' {keyProblem}", LabelRules.KeyAllowed);
            }

            if (LabelRules.CheckValue(value) is { } valueProblem)
            {
                yield return new FieldError($"{path}.{key}", $"label value '{value}' {valueProblem}", LabelRules.ValueAllowed);
            }
        }
    }

    /// <inheritdoc />
    public string this[string key] => _items[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _items.Values;

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) =>
        _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Labels? other) =>
        other is not null && (ReferenceEquals(this, other) || (_items.Count == other._items.Count && _items.SequenceEqual(other._items)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Labels);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _items)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Renders the labels as <c>{a=1, b=2}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", _items.Select(p => $"{p.Key}={p.Value}")) + "}";
}
