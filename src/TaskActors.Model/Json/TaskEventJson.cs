using System.Text.Json;
using TaskActors.Model.Common;
using TaskActors.Model.Documents;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Manifests;
using TaskActors.Model.Resources;
using TaskActors.Model.State;

namespace TaskActors.Model.Json;

/// <summary>
/// The stored form of task events and task-state snapshots: UTF-8 JSON plus a stable, versioned manifest string
/// per type (<c>task-created.v1</c>, ...). The journal serializer of the runtime delegates here.
/// </summary>
/// <remarks>
/// Rules: a manifest is never reused for an incompatible shape (a breaking change gets <c>.v2</c> and a reader
/// for both); new fields are optional, so old events stay readable; unknown manifests and unreadable payloads
/// throw <see cref="FormatException"/> naming the manifest and the problem.
/// </remarks>
public static class TaskEventJson
{
    /// <summary>Manifest of <see cref="TaskCreated"/>.</summary>
    public const string TaskCreatedManifest = "task-created.v1";

    /// <summary>Manifest of <see cref="AttemptStarted"/>.</summary>
    public const string AttemptStartedManifest = "attempt-started.v1";

    /// <summary>Manifest of <see cref="AttemptProcessStarted"/>.</summary>
    public const string AttemptProcessStartedManifest = "attempt-process-started.v1";

    /// <summary>Manifest of <see cref="AttemptFinished"/>.</summary>
    public const string AttemptFinishedManifest = "attempt-finished.v1";

    /// <summary>Manifest of <see cref="RetryScheduled"/>.</summary>
    public const string RetryScheduledManifest = "retry-scheduled.v1";

    /// <summary>Manifest of <see cref="TaskExhausted"/>.</summary>
    public const string TaskExhaustedManifest = "task-exhausted.v1";

    /// <summary>Manifest of <see cref="TaskCanceled"/>.</summary>
    public const string TaskCanceledManifest = "task-canceled.v1";

    /// <summary>Manifest of <see cref="TaskRerunRequested"/>.</summary>
    public const string TaskRerunRequestedManifest = "task-rerun-requested.v1";

    /// <summary>Manifest of <see cref="TaskDeleted"/>.</summary>
    public const string TaskDeletedManifest = "task-deleted.v1";

    /// <summary>Manifest of <see cref="TaskAdmitted"/>.</summary>
    public const string TaskAdmittedManifest = "task-admitted.v1";

    /// <summary>Manifest of a <see cref="TaskState"/> snapshot.</summary>
    public const string TaskStateManifest = "task-state.v1";

    /// <summary>Every manifest this version reads.</summary>
    public static IReadOnlyList<string> Manifests { get; } =
    [
        TaskCreatedManifest, AttemptStartedManifest, AttemptFinishedManifest, RetryScheduledManifest, TaskExhaustedManifest,
        TaskCanceledManifest, TaskRerunRequestedManifest, TaskDeletedManifest, TaskAdmittedManifest, TaskStateManifest,
        AttemptProcessStartedManifest,
    ];

    /// <summary>The manifest of <paramref name="value"/> (an event or a <see cref="TaskState"/>).</summary>
    public static string ManifestOf(object value) => value switch
    {
        TaskCreated => TaskCreatedManifest,
        AttemptStarted => AttemptStartedManifest,
        AttemptFinished => AttemptFinishedManifest,
        AttemptProcessStarted => AttemptProcessStartedManifest,
        RetryScheduled => RetryScheduledManifest,
        TaskExhausted => TaskExhaustedManifest,
        TaskCanceled => TaskCanceledManifest,
        TaskRerunRequested => TaskRerunRequestedManifest,
        TaskDeleted => TaskDeletedManifest,
        TaskAdmitted => TaskAdmittedManifest,
        TaskState => TaskStateManifest,
        _ => throw new ArgumentException($"{value?.GetType().Name ?? "null"} is not a task event or task state", nameof(value)),
    };

    /// <summary>Serializes an event or a <see cref="TaskState"/> to UTF-8 JSON.</summary>
    public static byte[] ToBytes(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote under <paramref name="manifest"/>.</summary>
    /// <exception cref="FormatException">Unknown manifest, or a payload that does not fit it.</exception>
    public static object FromBytes(ReadOnlySpan<byte> bytes, string manifest)
    {
        if (!Manifests.Contains(manifest))
        {
            throw new FormatException($"unknown task event manifest '{manifest}'; this version reads: {string.Join(", ", Manifests)}");
        }

        var parsed = DocumentParser.ParseJsonUtf8WithoutPositions(bytes.ToArray(), manifest);
        var context = new ReadContext(manifest, trackPositions: false);
        object? value = null;
        if (parsed.IsSuccess && parsed.Documents.Count == 1 && ObjectReader.Open(context, parsed.Documents[0], DocPath.Root) is { } root)
        {
            value = Read(root, manifest, context);
            root.Finish();
        }

        var errors = parsed.Errors.Concat(context.Errors).ToList();
        if (errors.Count > 0 || value is null)
        {
            throw new FormatException($"cannot read a '{manifest}' payload: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        return value;
    }

    private static void Write(Utf8JsonWriter w, object value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case TaskCreated e:
                w.WriteString("id", e.Id.Value);
                w.WritePropertyName("spec");
                TaskJson.WriteSpec(w, e.Spec);
                if (!e.Admitted)
                {
                    w.WriteBoolean("admitted", false);
                }

                WriteOptional(w, "traceParent", e.TraceParent);
                break;
            case AttemptStarted e:
                w.WriteNumber("attempt", e.Attempt);
                WriteOptional(w, "runner", e.Runner);
                WriteOptional(w, "node", e.Node);
                break;
            case AttemptFinished e:
                w.WriteNumber("attempt", e.Attempt);
                w.WriteString("outcome", e.Outcome.ToWireName());
                WriteOptional(w, "exitCode", e.ExitCode);
                WriteOptional(w, "error", e.Error);
                WriteOptional(w, "pid", e.Pid);
                WriteOptional(w, "signal", e.Signal);
                WriteOptional(w, "stdoutTail", e.StdoutTail);
                WriteOptional(w, "stderrTail", e.StderrTail);
                if (e.Interrupted)
                {
                    w.WriteBoolean("interrupted", true);
                }

                break;
            case AttemptProcessStarted e:
                w.WriteNumber("attempt", e.Attempt);
                w.WriteNumber("processGroup", e.ProcessGroup);
                w.WriteNumber("startTime", e.StartTime);
                break;
            case RetryScheduled e:
                w.WriteNumber("retry", e.Retry);
                w.WriteNumber("delayMs", e.DelayMs);
                w.WriteString("dueAt", Rfc3339.Format(e.DueAt));
                w.WriteString("reason", ReasonNames[e.Reason]);
                break;
            case TaskExhausted e:
                w.WriteString("reason", e.Reason);
                break;
            case TaskCanceled e:
                w.WriteString("reason", e.Reason);
                break;
            case TaskRerunRequested e:
                if (!e.Admitted)
                {
                    w.WriteBoolean("admitted", false);
                }

                break;
            case TaskDeleted or TaskAdmitted:
                break;
            case TaskState s:
                WriteState(w, s);
                break;
            default:
                throw new ArgumentException($"{value.GetType().Name} is not a task event or task state", nameof(value));
        }

        if (value is ITaskEvent taskEvent)
        {
            w.WriteString("at", Rfc3339.Format(taskEvent.At));
        }

        w.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter w, TaskState state)
    {
        if (state.Resource is { } resource)
        {
            w.WritePropertyName("resource");
            TaskJson.WriteResource(w, resource);
        }

        w.WritePropertyName("runs");
        w.WriteStartArray();
        foreach (var run in state.Runs)
        {
            TaskJson.WriteRun(w, run);
        }

        w.WriteEndArray();
        w.WriteNumber("failureStreak", state.FailureStreak);
        if (state.ScheduledRetry is { } retry)
        {
            w.WritePropertyName("scheduledRetry");
            Write(w, retry);
        }

        w.WriteBoolean("deleted", state.IsDeleted);
        w.WriteBoolean("admitted", state.IsAdmitted);
        if (state.ActiveProcess is { } process)
        {
            w.WritePropertyName("activeProcess");
            Write(w, process);
        }

        if (state.RunStartVersions.Count > 0)
        {
            // Optional (snapshots written before it read as "starts unknown"): where each kept run begins in the journal.
            w.WritePropertyName("runStartVersions");
            w.WriteStartArray();
            foreach (var version in state.RunStartVersions)
            {
                w.WriteNumberValue(version);
            }

            w.WriteEndArray();
        }
    }

    private static readonly Dictionary<RetryReason, string> ReasonNames = new()
    {
        [RetryReason.Failure] = "failure",
        [RetryReason.Periodic] = "periodic",
        [RetryReason.Interruption] = "interruption",
    };

    private static object? Read(ObjectReader r, string manifest, ReadContext context)
    {
        if (manifest == TaskStateManifest)
        {
            return ReadState(r, context);
        }

        var at = r.Timestamp("at");
        if (at is null)
        {
            r.Missing("at", "an RFC 3339 timestamp");
            return null;
        }

        var when = at.Value;
        switch (manifest)
        {
            case TaskCreatedManifest:
                var id = r.String("id", required: true, allowed: "a task id");
                var spec = r.Object("spec", required: true) is { } specReader ? SpecReader.Read(specReader, context) : null;
                var admitted = r.Boolean("admitted") ?? true;
                var traceParent = r.String("traceParent");
                return id is null || spec is null ? null : new TaskCreated(new TaskId(id), spec, when, admitted, traceParent);
            case AttemptStartedManifest:
                return r.Int32("attempt", required: true) is { } started ? new AttemptStarted(started, when, r.String("runner"), r.String("node")) : null;
            case AttemptFinishedManifest:
                var attempt = r.Int32("attempt", required: true);
                var outcome = ReadPhase(r, "outcome");
                return attempt is null || outcome is null
                    ? null
                    : new AttemptFinished(attempt.Value, outcome.Value, when, r.Int32("exitCode"), r.String("error"), r.Int32("pid"), r.String("signal"), r.String("stdoutTail"), r.String("stderrTail"))
                    {
                        Interrupted = r.Boolean("interrupted") ?? false,
                    };
            case AttemptProcessStartedManifest:
                var processAttempt = r.Int32("attempt", required: true);
                var group = r.Int32("processGroup", required: true);
                var startTime = r.Int64("startTime", required: true);
                return processAttempt is null || group is null || startTime is null
                    ? null
                    : new AttemptProcessStarted(processAttempt.Value, group.Value, startTime.Value, when);
            case RetryScheduledManifest:
                var retry = r.Int32("retry", required: true);
                var delay = r.Int64("delayMs", required: true);
                var due = r.Timestamp("dueAt");
                var reason = r.String("reason", required: true, allowed: "failure, periodic, interruption");
                var known = ReasonNames.FirstOrDefault(pair => pair.Value == reason);
                return retry is null || delay is null || due is null || known.Value is null
                    ? null
                    : new RetryScheduled(retry.Value, delay.Value, due.Value, known.Key, when);
            case TaskExhaustedManifest:
                return r.String("reason", required: true) is { } exhausted ? new TaskExhausted(exhausted, when) : null;
            case TaskCanceledManifest:
                return r.String("reason", required: true) is { } canceled ? new TaskCanceled(canceled, when) : null;
            case TaskRerunRequestedManifest:
                return new TaskRerunRequested(when, r.Boolean("admitted") ?? true);
            case TaskAdmittedManifest:
                return new TaskAdmitted(when);
            case TaskDeletedManifest:
                return new TaskDeleted(when);
            default:
                return null;
        }
    }

    private static TaskState? ReadState(ObjectReader r, ReadContext context)
    {
        TaskResource? resource = null;
        if (r.Get("resource") is { } resourceNode)
        {
            resource = TaskDocumentReader.Read(resourceNode, r.FieldPath("resource"), context)?.ToResource();
        }

        var runs = r.List("runs", (node, path) => ObjectReader.Open(context, node, path) is { } run ? ReadRun(run) : null);
        var streak = r.Int32("failureStreak") ?? 0;
        RetryScheduled? retry = null;
        if (r.Object("scheduledRetry") is { } retryReader)
        {
            retry = Read(retryReader, RetryScheduledManifest, context) as RetryScheduled;
            retryReader.Finish();
        }

        var deleted = r.Boolean("deleted") ?? false;
        var admitted = r.Boolean("admitted") ?? true;
        AttemptProcessStarted? process = null;
        if (r.Object("activeProcess") is { } processReader)
        {
            process = Read(processReader, AttemptProcessStartedManifest, context) as AttemptProcessStarted;
            processReader.Finish();
        }

        var starts = r.List("runStartVersions", (node, path) => ReadVersion(r, node, path), "a list of resourceVersions (integers of at least 1)");
        if (starts.Count > runs.Count)
        {
            r.Error(r.Get("runStartVersions"), r.FieldPath("runStartVersions"), $"has {starts.Count} entries for {runs.Count} runs; allowed: at most one per run");
        }

        return new TaskState(resource, runs, streak, retry, deleted)
        {
            IsAdmitted = admitted,
            ActiveProcess = process,
            RunStartVersions = ValueList<long>.From(starts.Select(v => v!.Value)),
        };
    }

    private static long? ReadVersion(ObjectReader r, DocNode node, string path)
    {
        if (node is DocScalar scalar && scalar.TryGetInt64(out var version) && version >= 1)
        {
            return version;
        }

        r.Error(node, path, "expected a resourceVersion (an integer of at least 1)");
        return null;
    }

    /// <summary>Reads one run record (the <c>TaskJson.WriteRun</c> shape); throws <see cref="FormatException"/> listing every error.</summary>
    internal static TaskRun ReadRunText(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = DocumentParser.ParseJson(json);
        var context = new ReadContext(null);
        TaskRun? run = null;
        if (parsed.IsSuccess && parsed.Documents.Count == 1 && ObjectReader.Open(context, parsed.Documents[0], DocPath.Root) is { } root)
        {
            run = ReadRun(root);
        }

        var errors = parsed.Errors.Concat(context.Errors).ToList();
        return errors.Count == 0 && run is not null
            ? run
            : throw new FormatException("cannot read a run record: " + string.Join("; ", errors.Select(e => e.ToString())));
    }

    private static TaskRun? ReadRun(ObjectReader r)
    {
        var attempt = r.Int32("attempt", required: true);
        var phase = ReadPhase(r, "phase");
        var startedAt = r.Timestamp("startedAt");
        _ = r.Int64("durationMs"); // derived from the timestamps
        var run = attempt is null || phase is null || startedAt is null
            ? null
            : new TaskRun(attempt.Value, phase.Value, startedAt.Value, r.Timestamp("finishedAt"), r.Int32("exitCode"), r.String("error"),
                r.String("runner"), r.String("node"), r.Int32("pid"), r.String("signal"), r.String("stdoutTail"), r.String("stderrTail"));
        r.Finish();
        return run;
    }

    private static TaskPhase? ReadPhase(ObjectReader r, string name)
    {
        var text = r.String(name, required: true, allowed: TaskPhaseExtensions.AllowedNames);
        if (text is not null && TaskPhaseExtensions.TryParse(text, out var phase))
        {
            return phase;
        }

        if (text is not null)
        {
            r.Error(r.Get(name), r.FieldPath(name), $"unknown task phase '{text}'; allowed: {TaskPhaseExtensions.AllowedNames}");
        }

        return null;
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
