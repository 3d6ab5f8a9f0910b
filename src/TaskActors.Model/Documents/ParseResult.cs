namespace TaskActors.Model.Documents;

/// <summary>
/// What <see cref="DocumentParser"/> returns: the document roots (one per task manifest) and every error found.
/// </summary>
/// <remarks>
/// Documents can be present together with errors: duplicate keys are reported but the tree is still built (the
/// first occurrence wins), so the manifest reader can walk it and report its own errors too. After a syntax
/// error, JSON yields no documents and YAML yields only the documents completed before the error.
/// </remarks>
public sealed class ParseResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="documents">The document roots, in source order.</param>
    /// <param name="errors">The errors, in source order.</param>
    public ParseResult(IReadOnlyList<DocNode> documents, IReadOnlyList<DocumentError> errors)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(errors);
        Documents = documents;
        Errors = errors;
    }

    /// <summary>
    /// The document roots: the JSON root object, or each element of a JSON root array; each YAML document, or
    /// each item of a YAML document whose root is a sequence.
    /// </summary>
    public IReadOnlyList<DocNode> Documents { get; }

    /// <summary>Every error found, in source order.</summary>
    public IReadOnlyList<DocumentError> Errors { get; }

    /// <summary><c>true</c> when there are no errors.</summary>
    public bool IsSuccess => Errors.Count == 0;
}
