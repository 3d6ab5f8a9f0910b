using TaskActors.Model.Documents;
using TaskActors.Model.Manifests;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>
/// The checks <c>run</c> makes across all of its manifests before anything is submitted (the loader has checked each
/// manifest on its own): an id used twice in different files, and a task no runner of this node can run (unknown
/// handler, no runner of the workload's kind, an unmatched runner selector, a missing wasm module). Each error is one
/// line, <c>file:line:column: path: message</c>.
/// </summary>
internal static class ManifestChecks
{
    /// <summary>Every problem of <paramref name="documents"/> (with their source names) against <paramref name="runners"/> (null: a remote node checks).</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<(string Source, TaskDocument Document)> documents, RunnerSet? runners)
    {
        var errors = new List<string>();
        var seen = new Dictionary<string, (string Source, SourcePosition? Position)>(StringComparer.Ordinal);
        foreach (var (source, document) in documents)
        {
            if (document.Id is { } id)
            {
                if (seen.TryGetValue(id.Value, out var first))
                {
                    errors.Add($"{Where(source, document.IdPosition)}: metadata.id: duplicate id '{id.Value}': also at {Where(first.Source, first.Position)} (ids are unique within one run)");
                }
                else
                {
                    seen.Add(id.Value, (source, document.IdPosition));
                }
            }

            if (runners?.CheckSubmittable(document.Spec) is { } rejection)
            {
                var path = document.Spec.RunnerSelector is { } && rejection.Kind == Model.Commands.RejectionKind.NoRunner ? "spec.runnerSelector" : "spec.workload";
                errors.Add($"{Where(source, document.SpecPosition)}: {path}: {rejection.Message}");
            }
        }

        return errors;
    }

    private static string Where(string source, SourcePosition? position) =>
        position is { } p ? $"{source}:{p.Line}:{p.Column}" : source;
}
