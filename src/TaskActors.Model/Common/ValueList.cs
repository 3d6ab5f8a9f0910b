using System.Collections;
using System.Collections.Immutable;

namespace TaskActors.Model.Common;

/// <summary>
/// An immutable list with value equality, so records that hold lists (args, env, selector values) compare by
/// content. Used throughout the model wherever a spec carries an ordered list.
/// </summary>
/// <typeparam name="T">The item type; its own <see cref="object.Equals(object)"/> decides item equality.</typeparam>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>The empty list.</summary>
    public static readonly ValueList<T> Empty = new(ImmutableArray<T>.Empty);

    private ValueList(ImmutableArray<T> items) => _items = items;

    /// <summary>Creates a list holding a copy of <paramref name="items"/>.</summary>
    public static ValueList<T> From(IEnumerable<T>? items) =>
        items is null ? Empty : new ValueList<T>([.. items]);

    /// <summary>Creates a list holding the given items.</summary>
    public static ValueList<T> Of(params T[] items) => From(items);

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <summary>Returns a list with <paramref name="item"/> appended.</summary>
    public ValueList<T> Add(T item) => new(_items.Add(item));

    /// <summary>Returns a list with the item at <paramref name="index"/> replaced.</summary>
    public ValueList<T> SetItem(int index, T item) => new(_items.SetItem(index, item));

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.SequenceEqual(other._items));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Renders the items as <c>[a, b, c]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
