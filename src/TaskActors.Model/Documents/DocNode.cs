namespace TaskActors.Model.Documents;

/// <summary>
/// A node of the position-carrying document tree that <see cref="DocumentParser"/> builds from a YAML or JSON
/// manifest. The manifest reader walks these nodes to report every error at once, each with its path and
/// <see cref="Position"/>. The hierarchy is closed: a node is a <see cref="DocMapping"/>, a
/// <see cref="DocSequence"/> or a <see cref="DocScalar"/>.
/// </summary>
public abstract class DocNode
{
    private protected DocNode(SourcePosition position) => Position = position;

    /// <summary>Where the node starts in the source text (for a tagged or anchored YAML node, its tag or anchor).</summary>
    public SourcePosition Position { get; }

    /// <summary>
    /// The node's kind for messages: "a string", "a number", "a boolean", "null", "an object" or "a list", so
    /// callers can write <c>$"expected a number, got {node.KindName}"</c>.
    /// </summary>
    public abstract string KindName { get; }
}
