using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;

namespace TaskActors.Model.Manifests;

/// <summary>
/// One task read from a manifest or a resource document: the optional id, the spec, and — when the document
/// was a full resource (e.g. output of <c>get -o yaml</c>) — its metadata and status.
/// </summary>
/// <param name="Id">The id the user chose, or null to generate one at submit.</param>
/// <param name="Spec">The spec, already validated when it comes from <see cref="ManifestLoader"/>.</param>
/// <param name="Metadata">The full metadata, when the document carried resourceVersion and timestamps.</param>
/// <param name="Status">The status, when the document carried one.</param>
public sealed record TaskDocument(TaskId? Id, TaskSpec Spec, ObjectMeta? Metadata, TaskResourceStatus? Status)
{
    /// <summary>Where <see cref="Id"/> was written in the manifest's text, when it came from text (for messages about it).</summary>
    public Documents.SourcePosition? IdPosition { get; init; }

    /// <summary>Where the task's <c>spec</c> was written (or its document, without one), when it came from text.</summary>
    public Documents.SourcePosition? SpecPosition { get; init; }

    /// <summary>The document as a resource, when it carried full metadata; else null.</summary>
    public TaskResource? ToResource() => Metadata is null ? null : new TaskResource(Metadata, Spec, Status ?? TaskResourceStatus.Pending);
}
