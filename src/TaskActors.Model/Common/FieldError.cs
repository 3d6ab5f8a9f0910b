namespace TaskActors.Model.Common;

/// <summary>
/// One problem with one field of a resource, as returned by validation: the JSON path of the field
/// (<c>spec.backoff.maxMs</c>), what was wrong with it, and what is allowed instead.
/// </summary>
/// <param name="Path">The JSON path of the field, camelCase, with <c>[i]</c> for list items.</param>
/// <param name="Problem">What was wrong, naming the offending value where that helps.</param>
/// <param name="Allowed">What the field accepts.</param>
public sealed record FieldError(string Path, string Problem, string Allowed)
{
    /// <summary>Renders the error as <c>path: problem (allowed: ...)</c>.</summary>
    public override string ToString() =>
        string.IsNullOrEmpty(Allowed) ? $"{Path}: {Problem}" : $"{Path}: {Problem} (allowed: {Allowed})";
}
