using System.Collections.ObjectModel;

namespace TaskActors.Model.Documents;

/// <summary>
/// A JSON array or YAML sequence. Read by the manifest reader through <see cref="Items"/>, whose indexes form
/// the <c>[i]</c> parts of error paths.
/// </summary>
public sealed class DocSequence : DocNode
{
    private readonly ReadOnlyCollection<DocNode> _items;

    /// <summary>Creates a sequence.</summary>
    /// <param name="position">Where the sequence starts.</param>
    /// <param name="items">The items in source order.</param>
    public DocSequence(SourcePosition position, IEnumerable<DocNode> items)
        : base(position)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = Array.AsReadOnly(items.ToArray());
    }

    /// <summary>The items in source order.</summary>
    public IReadOnlyList<DocNode> Items => _items;

    /// <inheritdoc />
    public override string KindName => "a list";
}
