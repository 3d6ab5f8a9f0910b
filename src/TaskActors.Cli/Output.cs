using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TaskActors.Model.Events;
using TaskActors.Model.Json;
using TaskActors.Model.Resources;
using TaskActors.Persistence;

namespace TaskActors.Cli;

/// <summary>
/// Renders tasks, runs and journal events as tables, JSON (the TaskJson resource and run shapes, stable for scripts) or
/// YAML (the same tree as the JSON).
/// </summary>
internal static class Output
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Yaml = "yaml";

    /// <summary>Every format the read commands accept.</summary>
    public static string[] Formats { get; } = [Table, Json, Yaml];

    public static string ChangeLine(TaskResource task)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.Now:HH:mm:ss.fff} {task.Id} v{task.Metadata.ResourceVersion} {task.Phase} attempt {task.Status.Attempt}");
        if (task.Status.ExitCode is { } exit)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" exit {exit}");
        }

        if (task.Status.NextAttemptAt is { } next)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" next {next.ToLocalTime():HH:mm:ss.fff}");
        }

        // A subprocess's non-zero exit is also its error text ("exit code 1"): say it once.
        var error = task.Status.Error;
        line = error is null || (task.Status.ExitCode is { } code && error == string.Create(CultureInfo.InvariantCulture, $"exit code {code}"))
            ? line
            : $"{line} {error}";
        return TerminalText.Clean(task.Status.Damage is { } damage ? $"{line} damaged at {damage}" : line);
    }

    public static void Tasks(IReadOnlyList<TaskResource> tasks, string format)
    {
        if (format != Table)
        {
            Documents(tasks.Select(t => TaskJson.Serialize(t, indented: true)), format);
            return;
        }

        AnsiConsole.Write(TaskTable(tasks));
    }

    /// <summary>The task table of <c>list</c>, <c>get</c>, the live view of <c>run</c> and the demo's summary.</summary>
    public static Table TaskTable(IEnumerable<TaskResource> tasks)
    {
        var table = new Table().AddColumns("ID", "SLOT", "PHASE", "ATTEMPT", "EXIT", "NEXT ATTEMPT", "UPDATED", "ERROR");
        foreach (var t in tasks)
        {
            // A damaged task keeps its last phase, flagged, and says where its history stops being readable.
            var damage = t.Status.Damage;
            table.AddRow(
                Cell(t.Id.Value),
                Cell(t.Spec.Slot.ToString()),
                damage is null ? t.Phase.ToString() : $"{t.Phase} (damaged)",
                t.Status.Attempt.ToString(CultureInfo.InvariantCulture),
                t.Status.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                t.Status.NextAttemptAt?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                t.Metadata.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Cell(damage is null ? t.Status.Error ?? "" : $"damaged at {damage}" + (t.Status.Error is { } e ? $"; last error: {e}" : "")));
        }

        return table;
    }

    public static void Task(TaskResource task, string format)
    {
        if (format != Table)
        {
            Document(TaskJson.Serialize(task, indented: true), format);
            return;
        }

        Tasks([task], format);
    }

    public static void Runs(IReadOnlyList<TaskRun> runs, string format)
    {
        if (format != Table)
        {
            Documents(runs.Select(r => TaskJson.Serialize(r, indented: true)), format);
            return;
        }

        var table = new Table().AddColumns("ATTEMPT", "PHASE", "STARTED", "DURATION", "EXIT", "RUNNER", "PID", "ERROR");
        foreach (var r in runs)
        {
            table.AddRow(
                r.Attempt.ToString(CultureInfo.InvariantCulture),
                r.Phase.ToString(),
                r.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                r.Duration is { } d ? $"{d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" : "",
                r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                Cell(r.Runner ?? ""),
                r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "",
                Cell(r.Error ?? ""));
        }

        AnsiConsole.Write(table);
    }

    public static void Handlers(IReadOnlyList<(string Name, string Description)> handlers)
    {
        var table = new Table().AddColumns("HANDLER", "WHAT IT DOES");
        foreach (var (name, description) in handlers)
        {
            table.AddRow(Cell(name), Cell(description));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>
    /// The journal of a task, event by event. JSON/YAML: <c>{resourceVersion, writtenAt, manifest, event}</c> per event,
    /// where <c>event</c> is the stored payload unchanged.
    /// </summary>
    public static void Events(IReadOnlyList<JournalEntry> entries, string format)
    {
        if (format != Table)
        {
            Documents(entries.Select(EventJson), format);
            return;
        }

        var table = new Table().AddColumns("VERSION", "WRITTEN", "EVENT", "DETAILS");
        foreach (var e in entries)
        {
            table.AddRow(
                e.SequenceNr.ToString(CultureInfo.InvariantCulture),
                e.WrittenAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Cell(e.Manifest),
                Cell(EventDetails(e.Event)));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A table cell from text that may come from a task: control characters shown as escapes, markup escaped.</summary>
    private static string Cell(string text) => Markup.Escape(TerminalText.Clean(text));

    /// <summary>One line saying what an event recorded.</summary>
    public static string EventDetails(ITaskEvent @event) => @event switch
    {
        TaskCreated c => $"slot {c.Spec.Slot}, {WorkloadName(c.Spec.Workload)}, restart {RestartName(c.Spec.Restart)}, maxRetries {c.Spec.MaxRetries?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"}" +
                         (c.Admitted ? "" : ", waiting for its slot"),
        TaskAdmitted => "admitted by its slot",
        AttemptStarted s => $"attempt {s.Attempt} started" + (s.Runner is null ? "" : $" by the {s.Runner} runner") + (s.Node is null ? "" : $" on {s.Node}"),
        AttemptFinished f => $"attempt {f.Attempt} {f.Outcome}" +
                             (f.ExitCode is { } code ? $", exit {code}" : "") +
                             (f.Signal is { } signal ? $", signal {signal}" : "") +
                             (f.Pid is { } pid ? $", pid {pid}" : "") +
                             (f.Error is { } error ? $": {error}" : "") +
                             (f.Interrupted ? " (interrupted by the node)" : ""),
        AttemptProcessStarted p => $"attempt {p.Attempt} launched as process group {p.ProcessGroup} (start time {p.StartTime})",
        RetryScheduled { Reason: RetryReason.Interruption } => "the node interrupted the attempt: a new attempt starts at once (not counted as a retry)",
        RetryScheduled { Reason: RetryReason.Periodic } r => $"next periodic run in {r.DelayMs} ms, due {r.DueAt.ToLocalTime():HH:mm:ss.fff}",
        RetryScheduled r => $"retry {r.Retry + 1} of this failure streak in {r.DelayMs} ms (backoff), due {r.DueAt.ToLocalTime():HH:mm:ss.fff}",
        TaskExhausted x => $"exhausted: {x.Reason}",
        TaskCanceled c => $"canceled: {c.Reason}",
        TaskRerunRequested r => "rerun requested" + (r.Admitted ? "" : ", waiting for its slot"),
        TaskDeleted => "deleted",
        _ => @event.GetType().Name,
    };

    private static string RestartName(Model.Policies.RestartPolicy restart) =>
        restart is Model.Policies.AlwaysRestart { IntervalMs: { } interval } ? $"every {interval} ms" : restart.TypeName;

    private static string WorkloadName(Model.Workloads.Workload workload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TaskJson.WriteWorkload(writer, workload);
        }

        using var json = JsonDocument.Parse(buffer.ToArray());
        var kind = json.RootElement.EnumerateObject().FirstOrDefault();
        return kind.Value.ValueKind == JsonValueKind.Object && kind.Value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? $"{kind.Name} {name.GetString()}"
            : $"{kind.Name} workload";
    }

    private static string EventJson(JournalEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("resourceVersion", entry.SequenceNr);
            writer.WriteString("writtenAt", Rfc3339.Format(entry.WrittenAt));
            writer.WriteString("manifest", entry.Manifest);
            writer.WritePropertyName("event");
            writer.WriteRawValue(entry.Json);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Prints one JSON document as JSON or YAML.</summary>
    public static void Document(string json, string format) =>
        Console.Out.Write(format == Yaml ? JsonToYaml.Convert(json) : json + "\n");

    /// <summary>Prints JSON documents as one JSON array, or as one YAML sequence.</summary>
    private static void Documents(IEnumerable<string> items, string format)
    {
        var list = items.ToList();
        Document(list.Count == 0 ? "[]" : "[\n" + string.Join(",\n", list) + "\n]", format);
    }
}
