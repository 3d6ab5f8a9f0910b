using System.Text;
using System.Text.Json;
using TaskActors.Model.Common;
using TaskActors.Model.Documents;
using TaskActors.Model.Manifests;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Json;

/// <summary>
/// The JSON contract of tasks: writes the resource shape (<c>apiVersion, kind, metadata, spec, status</c>), specs
/// and run records with stable field order and names (camelCase, enums as lowercase/camelCase strings, times RFC
/// 3339 UTC), and reads them back through the same strict reader that checks user manifests.
/// </summary>
public static class TaskJson
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false };
    private static readonly JsonWriterOptions Pretty = new() { Indented = true };

    /// <summary>Serializes a task resource.</summary>
    public static string Serialize(TaskResource resource, bool indented = false) => Write(w => WriteResource(w, resource), indented);

    /// <summary>Serializes a spec.</summary>
    public static string Serialize(TaskSpec spec, bool indented = false) => Write(w => WriteSpec(w, spec), indented);

    /// <summary>Serializes a run record.</summary>
    public static string Serialize(TaskRun run, bool indented = false) => Write(w => WriteRun(w, run), indented);

    /// <summary>Reads a resource document; throws <see cref="FormatException"/> listing every error.</summary>
    public static TaskResource ReadResource(string json)
    {
        var document = ReadSingle(json);
        return document.ToResource() ?? throw new FormatException("the document has no complete metadata (id, resourceVersion, createdAt, updatedAt)");
    }

    /// <summary>Reads a run record as <see cref="WriteRun"/> writes it; throws <see cref="FormatException"/> listing every error.</summary>
    public static TaskRun ReadRun(string json) => TaskEventJson.ReadRunText(json);

    /// <summary>Reads a spec object; throws <see cref="FormatException"/> listing every error.</summary>
    public static TaskSpec ReadSpec(string json) => ReadSingle($"{{\"spec\":{json}}}").Spec;

    /// <summary>Writes <paramref name="resource"/> as a JSON object.</summary>
    public static void WriteResource(Utf8JsonWriter writer, TaskResource resource)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resource);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", TaskResource.ApiVersion);
        writer.WriteString("kind", TaskResource.Kind);
        writer.WritePropertyName("metadata");
        writer.WriteStartObject();
        writer.WriteString("id", resource.Metadata.Id.Value);
        writer.WriteNumber("resourceVersion", resource.Metadata.ResourceVersion);
        writer.WriteString("createdAt", Rfc3339.Format(resource.Metadata.CreatedAt));
        writer.WriteString("updatedAt", Rfc3339.Format(resource.Metadata.UpdatedAt));
        writer.WriteEndObject();
        writer.WritePropertyName("spec");
        WriteSpec(writer, resource.Spec);
        writer.WritePropertyName("status");
        WriteStatus(writer, resource.Status);
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="status"/>; absent values are written as null so the shape is stable for scripts.</summary>
    public static void WriteStatus(Utf8JsonWriter writer, TaskResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(status);
        writer.WriteStartObject();
        writer.WriteString("phase", status.Phase.ToWireName());
        writer.WriteNumber("attempt", status.Attempt);
        WriteNullable(writer, "exitCode", status.ExitCode);
        writer.WriteString("error", status.Error);
        writer.WriteString("nextAttemptAt", status.NextAttemptAt is { } at ? Rfc3339.Format(at) : null);
        if (status.Damage is { } damage)
        {
            // Only on a damaged task: {persistenceId, sequenceNr, reason}.
            writer.WriteStartObject("damage");
            writer.WriteString("persistenceId", damage.PersistenceId);
            writer.WriteNumber("sequenceNr", damage.SequenceNr);
            writer.WriteString("reason", damage.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="spec"/> with every field, defaults included (optional selector omitted when absent).</summary>
    public static void WriteSpec(Utf8JsonWriter writer, TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(spec);
        writer.WriteStartObject();
        writer.WriteString("slot", spec.Slot.Value);
        writer.WritePropertyName("workload");
        WriteWorkload(writer, spec.Workload);
        writer.WriteNumber("timeoutMs", spec.TimeoutMs);
        writer.WritePropertyName("restart");
        writer.WriteStartObject();
        writer.WriteString("type", spec.Restart.TypeName);
        if (spec.Restart is AlwaysRestart { IntervalMs: { } interval })
        {
            writer.WriteNumber("intervalMs", interval);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("backoff");
        writer.WriteStartObject();
        writer.WriteString("jitter", NameOf(SpecReader.JitterNames, spec.Backoff.Jitter));
        writer.WriteNumber("firstMs", spec.Backoff.FirstMs);
        writer.WriteNumber("maxMs", spec.Backoff.MaxMs);
        writer.WriteNumber("factor", spec.Backoff.Factor);
        writer.WriteEndObject();
        WriteNullable(writer, "maxRetries", spec.MaxRetries);
        writer.WriteString("admission", NameOf(SpecReader.AdmissionNames, spec.Admission));
        writer.WriteNumber("stopGracePeriodMs", spec.StopGracePeriodMs);
        writer.WriteString("onInterruption", NameOf(SpecReader.InterruptionNames, spec.OnInterruption));
        if (spec.RunnerSelector is { } selector)
        {
            writer.WritePropertyName("runnerSelector");
            WriteSelector(writer, selector);
        }

        writer.WritePropertyName("labels");
        WriteMap(writer, spec.Labels);
        writer.WriteEndObject();
    }

    /// <summary>Writes a label selector.</summary>
    public static void WriteSelector(Utf8JsonWriter writer, LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(selector);
        writer.WriteStartObject();
        if (selector.MatchLabels.Count > 0)
        {
            writer.WritePropertyName("matchLabels");
            WriteMap(writer, selector.MatchLabels);
        }

        if (selector.MatchExpressions.Count > 0)
        {
            writer.WritePropertyName("matchExpressions");
            writer.WriteStartArray();
            foreach (var requirement in selector.MatchExpressions)
            {
                writer.WriteStartObject();
                writer.WriteString("key", requirement.Key);
                writer.WriteString("operator", NameOf(SpecReader.OperatorNames, requirement.Operator));
                if (requirement.Values.Count > 0)
                {
                    WriteStrings(writer, "values", requirement.Values);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a run record; absent values are written as null.</summary>
    public static void WriteRun(Utf8JsonWriter writer, TaskRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        writer.WriteStartObject();
        writer.WriteNumber("attempt", run.Attempt);
        writer.WriteString("phase", run.Phase.ToWireName());
        writer.WriteString("startedAt", Rfc3339.Format(run.StartedAt));
        writer.WriteString("finishedAt", run.FinishedAt is { } finished ? Rfc3339.Format(finished) : null);
        WriteNullable(writer, "durationMs", run.Duration is { } d ? (long)d.TotalMilliseconds : null);
        WriteNullable(writer, "exitCode", run.ExitCode);
        writer.WriteString("error", run.Error);
        writer.WriteString("runner", run.Runner);
        writer.WriteString("node", run.Node);
        WriteNullable(writer, "pid", run.Pid);
        writer.WriteString("signal", run.Signal);
        writer.WriteString("stdoutTail", run.StdoutTail);
        writer.WriteString("stderrTail", run.StderrTail);
        writer.WriteEndObject();
    }

    /// <summary>Writes a workload in its externally tagged form.</summary>
    public static void WriteWorkload(Utf8JsonWriter writer, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(workload);
        writer.WriteStartObject();
        writer.WritePropertyName(workload.Kind);
        writer.WriteStartObject();
        switch (workload)
        {
            case SubprocessWorkload subprocess:
                WriteSubprocess(writer, subprocess);
                break;
            case HandlerWorkload handler:
                writer.WriteString("name", handler.Name);
                if (handler.Input is { } input)
                {
                    writer.WritePropertyName("input");
                    input.WriteTo(writer);
                }

                break;
            case WasmWorkload wasm:
                writer.WriteString("module", wasm.Module);
                WriteStrings(writer, "args", wasm.Args);
                WriteEnv(writer, wasm.Env);
                if (wasm.Cwd is not null)
                {
                    writer.WriteString("cwd", wasm.Cwd);
                }

                if (wasm.MemoryLimitMiB is { } memoryLimit)
                {
                    writer.WriteNumber("memoryLimitMiB", memoryLimit);
                }

                break;
            case ContainerWorkload container:
                writer.WriteString("image", container.Image);
                WriteStrings(writer, "command", container.Command);
                WriteStrings(writer, "args", container.Args);
                WriteEnv(writer, container.Env);
                break;
            default:
                throw new ModelException($"unknown workload {workload.GetType().Name}");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSubprocess(Utf8JsonWriter writer, SubprocessWorkload subprocess)
    {
        switch (subprocess.Mode)
        {
            case CommandMode command:
                writer.WriteString("command", command.Command);
                WriteStrings(writer, "args", command.Args);
                break;
            case ScriptMode script:
                writer.WritePropertyName("script");
                writer.WriteStartObject();
                if (script.Runtime.IsCustom)
                {
                    writer.WritePropertyName("runtime");
                    writer.WriteStartObject();
                    writer.WritePropertyName("custom");
                    writer.WriteStartObject();
                    writer.WriteString("command", script.Runtime.Command);
                    writer.WriteString("flag", script.Runtime.Flag);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteString("runtime", script.Runtime.Name);
                }

                writer.WriteString("body", script.Body);
                WriteStrings(writer, "args", script.Args);
                writer.WriteEndObject();
                break;
            default:
                throw new ModelException($"unknown subprocess mode {subprocess.Mode.GetType().Name}");
        }

        WriteEnv(writer, subprocess.Env);
        if (subprocess.Cwd is not null)
        {
            writer.WriteString("cwd", subprocess.Cwd);
        }

        writer.WriteBoolean("failOnNonZero", subprocess.FailOnNonZero);
    }

    private static void WriteEnv(Utf8JsonWriter writer, ValueList<EnvVar> env)
    {
        writer.WritePropertyName("env");
        writer.WriteStartArray();
        foreach (var variable in env)
        {
            writer.WriteStartObject();
            writer.WriteString("key", variable.Key);
            writer.WriteString("value", variable.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string>> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string NameOf<T>(IReadOnlyDictionary<string, T> names, T value) where T : struct, Enum =>
        names.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;

    private static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Pretty : Compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a spec that was stored earlier (shape checked, value rules not re-applied).</summary>
    internal static TaskSpec ReadStoredSpec(string json) => ReadSingle($"{{\"spec\":{json}}}", validate: false).Spec;

    private static TaskDocument ReadSingle(string json, bool validate = true)
    {
        var result = ManifestLoader.Load(DocumentParser.ParseJson(json), null, validate);
        if (!result.IsSuccess)
        {
            throw new FormatException(string.Join(Environment.NewLine, result.Errors));
        }

        return result.Tasks.Count == 1 ? result.Tasks[0] : throw new FormatException($"expected one task document, got {result.Tasks.Count}");
    }
}
