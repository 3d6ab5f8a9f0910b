using System.Globalization;
using Spectre.Console;
using TaskActors.Model.Json;
using TaskActors.Model.Resources;

namespace TaskActors.Cli;

/// <summary>Renders tasks and runs as tables or JSON (the TaskJson resource and run shapes).</summary>
internal static class Output
{
    public const string Table = "table";
    public const string Json = "json";

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

        return task.Status.Error is { } error ? $"{line} {error}" : line;
    }

    public static void Tasks(IReadOnlyList<TaskResource> tasks, string format)
    {
        if (format == Json)
        {
            Console.Out.WriteLine(JsonArray(tasks.Select(t => TaskJson.Serialize(t, indented: true))));
            return;
        }

        var table = new Table().AddColumns("ID", "SLOT", "PHASE", "ATTEMPT", "EXIT", "NEXT ATTEMPT", "UPDATED", "ERROR");
        foreach (var t in tasks)
        {
            table.AddRow(
                Markup.Escape(t.Id.Value),
                Markup.Escape(t.Spec.Slot.ToString()),
                t.Phase.ToString(),
                t.Status.Attempt.ToString(CultureInfo.InvariantCulture),
                t.Status.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                t.Status.NextAttemptAt?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                t.Metadata.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(t.Status.Error ?? ""));
        }

        AnsiConsole.Write(table);
    }

    public static void Task(TaskResource task, string format)
    {
        if (format == Json)
        {
            Console.Out.WriteLine(TaskJson.Serialize(task, indented: true));
            return;
        }

        Tasks([task], format);
    }

    public static void Runs(IReadOnlyList<TaskRun> runs, string format)
    {
        if (format == Json)
        {
            Console.Out.WriteLine(JsonArray(runs.Select(r => TaskJson.Serialize(r, indented: true))));
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
                Markup.Escape(r.Runner ?? ""),
                r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(r.Error ?? ""));
        }

        AnsiConsole.Write(table);
    }

    public static void Handlers(IReadOnlyList<(string Name, string Description)> handlers)
    {
        var table = new Table().AddColumns("HANDLER", "WHAT IT DOES");
        foreach (var (name, description) in handlers)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(description));
        }

        AnsiConsole.Write(table);
    }

    private static string JsonArray(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "[]" : "[\n" + string.Join(",\n", list) + "\n]";
    }
}
