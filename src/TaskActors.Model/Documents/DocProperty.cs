namespace TaskActors.Model.Documents;

/// <summary>
/// One key/value entry of a <see cref="DocMapping"/>, in source order. Used by the manifest reader to report
/// unknown keys at <see cref="NamePosition"/> and value errors at the value's own position.
/// </summary>
/// <param name="Name">The key text (YAML keys are taken verbatim; no type resolution is applied to them).</param>
/// <param name="NamePosition">Where the key starts in the source text.</param>
/// <param name="Value">The value node.</param>
public sealed record DocProperty(string Name, SourcePosition NamePosition, DocNode Value);
