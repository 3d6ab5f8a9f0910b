using TaskActors.Model.Documents;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Model.Manifests;

/// <summary>
/// Reads one task document — <c>{apiVersion?, kind?, metadata?, spec, status?}</c> — from a document tree,
/// reporting shape errors (unknown fields, wrong types, missing fields) with paths and positions.
/// </summary>
internal static class TaskDocumentReader
{
    public static TaskDocument? Read(DocNode node, string path, ReadContext context)
    {
        var root = ObjectReader.Open(context, node, path);
        if (root is null)
        {
            return null;
        }

        if (root.String("apiVersion", allowed: TaskResource.ApiVersion) is { } apiVersion && apiVersion != TaskResource.ApiVersion)
        {
            root.Error(root.Get("apiVersion"), root.FieldPath("apiVersion"), $"'{apiVersion}' is not supported; allowed: {TaskResource.ApiVersion}");
        }

        if (root.String("kind", allowed: TaskResource.Kind) is { } kind && kind != TaskResource.Kind)
        {
            root.Error(root.Get("kind"), root.FieldPath("kind"), $"'{kind}' is not supported; allowed: {TaskResource.Kind}");
        }

        var (id, metadata) = ReadMetadata(root.Object("metadata"));
        var spec = root.Object("spec", required: true, allowed: "the task spec {slot, workload, ...}") is { } specReader
            ? SpecReader.Read(specReader, context)
            : null;
        var status = root.Object("status") is { } statusReader ? ReadStatus(statusReader) : null;
        root.Finish();
        if (spec is null)
        {
            return null;
        }

        return new TaskDocument(id, spec, metadata is { } m && id is { } i ? new ObjectMeta(i, m.Version, m.CreatedAt, m.UpdatedAt) : null, status);
    }

    private static (TaskId? Id, (long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)? Meta) ReadMetadata(ObjectReader? metadata)
    {
        if (metadata is null)
        {
            return (null, null);
        }

        var id = metadata.String("id", allowed: "a task id");
        var version = metadata.Int64("resourceVersion", allowed: "an integer >= 1");
        var createdAt = metadata.Timestamp("createdAt");
        var updatedAt = metadata.Timestamp("updatedAt");
        metadata.Finish();
        var meta = version is { } v && createdAt is { } c && updatedAt is { } u ? (v, c, u) : ((long, DateTimeOffset, DateTimeOffset)?)null;
        return (id is null ? null : new TaskId(id), meta);
    }

    private static TaskResourceStatus? ReadStatus(ObjectReader status)
    {
        var phaseText = status.String("phase", required: true, allowed: TaskPhaseExtensions.AllowedNames);
        var phase = TaskPhase.Pending;
        if (phaseText is not null && !TaskPhaseExtensions.TryParse(phaseText, out phase))
        {
            status.Error(status.Get("phase"), status.FieldPath("phase"), $"unknown task phase '{phaseText}'; allowed: {TaskPhaseExtensions.AllowedNames}");
        }

        var attempt = status.Int32("attempt", allowed: "an integer >= 0") ?? 0;
        var exitCode = status.Int32("exitCode", allowed: "an integer");
        var error = status.String("error");
        var nextAttemptAt = status.Timestamp("nextAttemptAt");
        TaskDamage? damage = null;
        if (status.Object("damage") is { } damageReader)
        {
            var persistenceId = damageReader.String("persistenceId", required: true);
            var sequenceNr = damageReader.Int64("sequenceNr", required: true, allowed: "an integer >= 1");
            var reason = damageReader.String("reason", required: true);
            damageReader.Finish();
            damage = persistenceId is not null && sequenceNr is { } n && reason is not null ? new TaskDamage(persistenceId, n, reason) : null;
        }

        status.Finish();
        return new TaskResourceStatus(phase, attempt, exitCode, error, nextAttemptAt) { Damage = damage };
    }
}
