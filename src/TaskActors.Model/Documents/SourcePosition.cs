namespace TaskActors.Model.Documents;

/// <summary>
/// A 1-based line and column in a manifest's source text. Produced by <see cref="DocumentParser"/> for every
/// <see cref="DocNode"/> and carried by <see cref="DocumentError"/> so that CLI and API error reports can point
/// at the offending text. Columns count UTF-16 code units from the start of the line.
/// </summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Column">The 1-based column (UTF-16 code units).</param>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>Formats the position as <c>line:column</c>, e.g. <c>12:5</c>.</summary>
    /// <returns>The position text.</returns>
    public override string ToString() => $"{Line}:{Column}";
}
