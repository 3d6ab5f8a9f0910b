using TaskActors.Model.Documents;
using TaskActors.Model.Specs;

namespace TaskActors.Model.Manifests;

/// <summary>
/// Loads task manifests written by users (YAML or JSON, one or many tasks per text) and validates them
/// completely: the result holds either every task, or every error — each with source name, line, column, JSON
/// path, what was wrong and what is allowed. Nothing is half-loaded.
/// </summary>
public static class ManifestLoader
{
    /// <summary>Parses and validates <paramref name="text"/>; JSON when it starts with <c>{</c> or <c>[</c>, else YAML.</summary>
    /// <param name="text">The manifest text.</param>
    /// <param name="sourceName">A file name for error messages, or null.</param>
    public static ManifestResult Load(string text, string? sourceName = null) => Load(DocumentParser.Parse(text, sourceName), sourceName);

    /// <summary>Reads and validates already parsed documents.</summary>
    public static ManifestResult Load(ParseResult parsed, string? sourceName = null) => Load(parsed, sourceName, validate: true);

    /// <summary>
    /// Reads documents; with <paramref name="validate"/> false only the shape is checked (used to read back what
    /// was stored, which was validated when it was written under the rules of its day).
    /// </summary>
    internal static ManifestResult Load(ParseResult parsed, string? sourceName, bool validate)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (!parsed.IsSuccess)
        {
            return new ManifestResult([], parsed.Errors);
        }

        var context = new ReadContext(sourceName);
        var tasks = new List<TaskDocument>();
        var ids = new Dictionary<string, SourcePosition?>(StringComparer.Ordinal);
        var many = parsed.Documents.Count > 1;
        for (var i = 0; i < parsed.Documents.Count; i++)
        {
            var path = many ? DocPath.Index(DocPath.Root, i) : DocPath.Root;
            var before = context.Errors.Count;
            var document = TaskDocumentReader.Read(parsed.Documents[i], path, context);
            if (document is null)
            {
                continue;
            }

            var specPath = DocPath.Property(path, "spec");
            var shapeErrorPaths = context.Errors.Skip(before).Select(e => e.Path).ToList();
            var fieldErrors = validate ? TaskSpecValidator.Validate(document.Spec, specPath).ToList() : [];
            if (validate && document.Id is { } id && id.Validate(DocPath.Property(DocPath.Property(path, "metadata"), "id")) is { } idError)
            {
                fieldErrors.Insert(0, idError);
            }

            // A field whose shape was already wrong gets one error, not a second one for its placeholder value.
            foreach (var error in fieldErrors.Where(e => !shapeErrorPaths.Any(p => Covers(p, e.Path))))
            {
                context.Add(error, specPath);
            }

            document = document with { SpecPosition = context.PositionOf(specPath) };
            if (document.Id is { } taskId)
            {
                var idPath = DocPath.Property(DocPath.Property(path, "metadata"), "id");
                var position = context.PositionOf(idPath);
                document = document with { IdPosition = position };
                if (ids.TryGetValue(taskId.Value, out var first))
                {
                    // Two tasks with one id would be one submission and one silently dropped: say where both are.
                    context.Error(position, idPath, $"duplicate id '{taskId.Value}': also at {Where(sourceName, first)} (ids are unique within a manifest)");
                }
                else
                {
                    ids.Add(taskId.Value, position);
                }
            }

            tasks.Add(document);
        }

        var errors = context.Errors.OrderBy(e => e.Position?.Line ?? 0).ThenBy(e => e.Position?.Column ?? 0).ToList();
        return errors.Count == 0 ? new ManifestResult(tasks, []) : new ManifestResult([], errors);
    }

    /// <summary><c>source:line:column</c>, or the parts of it that are known.</summary>
    internal static string Where(string? sourceName, SourcePosition? position) =>
        (sourceName, position) switch
        {
            ({ Length: > 0 } name, { } p) => $"{name}:{p.Line}:{p.Column}",
            (_, { } p) => $"line {p.Line}, column {p.Column}",
            ({ Length: > 0 } name, null) => name,
            _ => "an earlier task",
        };

    private static bool Covers(string reported, string path) =>
        path == reported || path.StartsWith(reported + ".", StringComparison.Ordinal) || path.StartsWith(reported + "[", StringComparison.Ordinal) ||
        reported.StartsWith(path + ".", StringComparison.Ordinal);
}

/// <summary>The outcome of <see cref="ManifestLoader.Load(string, string?)"/>: all tasks, or all errors (never both).</summary>
/// <param name="Tasks">The valid tasks, in source order; empty when there are errors.</param>
/// <param name="Errors">Every problem found, in source order.</param>
public sealed record ManifestResult(IReadOnlyList<TaskDocument> Tasks, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>True when the manifest is valid.</summary>
    public bool IsSuccess => Errors.Count == 0;
}
