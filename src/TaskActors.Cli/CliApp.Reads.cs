using System.CommandLine;
using TaskActors.Client;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Persistence;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;

namespace TaskActors.Cli;

/// <summary>The reading commands: get, runs, events and list, from the store file, a PostgreSQL store or a node's API.</summary>
public static partial class CliApp
{
    private static Command GetCommand() => ByIdCommand(
        "get",
        """
        Show one task (exit 3 when it does not exist). Reads the store file directly, so it works while a `run` owns it.

        Examples:
          taskactors get nightly-report
          taskactors get nightly-report -o json
          taskactors get nightly-report -o yaml
        """,
        (reader, taskId, format) => reader.Task(taskId) is { } stored ? ShownStored(stored, () => Output.Task(stored.Resource!, format)) : NotFound(taskId),
        async (client, taskId, format, ct) => (await client.GetAsync(taskId.Value, ct).ConfigureAwait(false)) is GetResult.Found found
            ? Shown(() => Output.Task(found.Task, format)) : NotFound(taskId));

    private static Command RunsCommand() => ByIdCommand(
        "runs",
        """
        Show the attempts of a task, oldest first (exit 3 when it does not exist).

        Examples:
          taskactors runs nightly-report
          taskactors runs nightly-report -o json
        """,
        (reader, taskId, format) => reader.Task(taskId) is { } stored ? ShownStored(stored, () => Output.Runs(stored.State.Runs, format)) : NotFound(taskId),
        async (client, taskId, format, ct) => (await client.RunsAsync(taskId.Value, ct).ConfigureAwait(false)) is RunsResult.Found found
            ? Shown(() => Output.Runs(found.Runs, format)) : NotFound(taskId));

    private static Command EventsCommand() => ByIdCommand(
        "events",
        """
        Show the task's journal event by event: the audit trail its state is rebuilt from (exit 3 when it does not exist).
        JSON/YAML give {resourceVersion, writtenAt, manifest, event} per event, the event exactly as stored.

        Examples:
          taskactors events nightly-report
          taskactors events nightly-report -o json
        """,
        (reader, taskId, format) => reader.Events(taskId) is { Count: > 0 } events ? Shown(() => Output.Events(events, format)) : NotFound(taskId),
        async (client, taskId, format, ct) => (await client.EventsAsync(taskId.Value, ct).ConfigureAwait(false)) is EventsResult.Found found
            ? Shown(() => Output.Events(found.Events, format)) : NotFound(taskId));

    /// <summary>
    /// A read command that takes a task id, <c>--store</c> and <c>-o</c>, and answers from the store file (no node, no
    /// lock), or with <c>--server</c> from that node's HTTP API.
    /// </summary>
    private static Command ByIdCommand(
        string name, string description, Func<TaskJournalReader, TaskId, string, int> action, Func<ITaskClient, TaskId, string, CancellationToken, Task<int>> remote)
    {
        var id = new Argument<string>("ID") { Description = "The task id" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(name, description) { id, store, output };
        command.SetAction((parse, ct) =>
        {
            var value = parse.GetValue(id)!;
            if (TaskId.Check(value) is { } problem)
            {
                TerminalText.Error($"ID: '{value}' {problem}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var format = parse.GetValue(output)!;
            return parse.GetValue(ServerOption) is { } server
                ? WithServerAsync(server, client => remote(client, new TaskId(value), format, ct))
                : Task.FromResult(WithReader(parse.GetValue(store)!, parse.GetValue(PostgresOption), reader => action(reader, new TaskId(value), format), missing => $"task '{value}' not found ({missing})"));
        });
        return command;
    }

    /// <summary>
    /// Runs a read on the store file (or, with <paramref name="postgres"/>, on that PostgreSQL store), read-only: no store
    /// there is "no store at PATH" (exit 3); an unreadable store or event is one line (exit 6), never a stack trace.
    /// </summary>
    private static int WithReader(string storePath, string? postgres, Func<TaskJournalReader, int> action, Func<string, string>? notFound = null)
    {
        if (postgres is not null)
        {
            try
            {
                using var reader = TaskJournalReader.OpenPostgreSql(postgres);
                return action(reader);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or Npgsql.NpgsqlException or Model.Common.ModelException or InvalidOperationException)
            {
                TerminalText.Error($"--postgres: cannot read the store: {StoreCheck.OneLine(e.Message)}");
                return ExitCodes.Unreadable;
            }
        }

        if (StoreCheck.ForReading(storePath) is { } missing)
        {
            TerminalText.Error(missing.ExitCode == ExitCodes.NotFound && notFound is not null ? notFound(missing.Message) : missing.Message);
            return missing.ExitCode;
        }

        try
        {
            using var reader = TaskJournalReader.Open(storePath);
            return action(reader);
        }
        catch (Exception e) when (e is FormatException or Microsoft.Data.Sqlite.SqliteException or Model.Common.ModelException or IOException or UnauthorizedAccessException)
        {
            TerminalText.Error($"{Path.GetFullPath(storePath)}: cannot read the store: {StoreCheck.OneLine(e.Message)}");
            return ExitCodes.Unreadable;
        }
    }

    private static int Shown(Action print)
    {
        print();
        return ExitCodes.Ok;
    }

    /// <summary>A task read from the store: shown (flagged when damaged); a damaged history is also said on standard error, exit 6.</summary>
    private static int ShownStored(StoredTask stored, Action print)
    {
        if (stored.Resource is not null)
        {
            print();
        }

        if (stored.Damage is { } damage)
        {
            TerminalText.Error($"task '{stored.Id}': its stored history is damaged at {damage}" +
                (stored.Resource is null ? "; there is no readable task to show" : "; shown as its readable events leave it"));
            return ExitCodes.Unreadable;
        }

        return ExitCodes.Ok;
    }

    private static int NotFound(TaskId taskId)
    {
        Console.Error.WriteLine($"task '{taskId}' not found");
        return ExitCodes.NotFound;
    }

    private static Command ListCommand()
    {
        var slot = new Option<string?>("--slot") { Description = "Only tasks in this slot" };
        var phase = new Option<string[]>("--phase")
        {
            Description = "Only tasks in these phases (comma-separated or repeated): pending, running, succeeded, failed, timeout, canceled, exhausted",
            AllowMultipleArgumentsPerToken = false,
        };
        var labels = new Option<string[]>("--label", "-l") { Description = "Only tasks with this label (key=value; repeat to AND)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many tasks (default: all)" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(
            "list",
            """
            List the tasks in the store, ordered by id. Reads the store file directly, so it works while a `run` owns it.

            Examples:
              taskactors list
              taskactors list --phase failed,exhausted -l team=finance
              taskactors list --slot reports --limit 10 -o json
            """)
        {
            slot, phase, labels, limit, store, output,
        };
        command.SetAction((parse, ct) =>
        {
            var query = TaskQuery.All;
            if (parse.GetValue(slot) is { } s)
            {
                query = query.WithSlot(s);
            }

            var phases = new List<TaskPhase>();
            foreach (var name in (parse.GetValue(phase) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!Enum.TryParse<TaskPhase>(name, ignoreCase: true, out var p) || !Enum.IsDefined(p) || int.TryParse(name, out _))
                {
                    TerminalText.Error($"--phase: unknown phase '{name}' (pending, running, succeeded, failed, timeout, canceled, exhausted)");
                    return Task.FromResult(ExitCodes.InvalidInput);
                }

                phases.Add(p);
            }

            if (phases.Count > 0)
            {
                query = query.WithPhases([.. phases]);
            }

            var pairs = new List<(string, string)>();
            foreach (var label in parse.GetValue(labels) ?? [])
            {
                var eq = label.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    TerminalText.Error($"--label: '{label}' is not key=value");
                    return Task.FromResult(ExitCodes.InvalidInput);
                }

                pairs.Add((label[..eq], label[(eq + 1)..]));
            }

            if (pairs.Count > 0)
            {
                query = query.WithSelector(LabelSelector.ForLabels([.. pairs]));
            }

            var max = parse.GetValue(limit);
            if (max is < 1)
            {
                Console.Error.WriteLine("--limit: must be at least 1");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (query.Validate() is { Count: > 0 } errors)
            {
                PrintErrors(errors.Select(e => e.ToString()));
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (parse.GetValue(ServerOption) is { } server)
            {
                return WithServerAsync(server, async client =>
                {
                    var listed = await ListAllAsync(client, query.WithLimit(TaskQuery.MaxLimit), max, ct).ConfigureAwait(false);
                    if (listed is null)
                    {
                        return ExitCodes.InvalidInput;
                    }

                    Output.Tasks(listed, parse.GetValue(output)!);
                    return ExitCodes.Ok;
                });
            }

            return Task.FromResult(WithReader(parse.GetValue(store)!, parse.GetValue(PostgresOption), reader =>
            {
                var stored = reader.Tasks().ToList();
                var tasks = stored.Where(s => s.Resource is not null).Select(s => s.Resource!).Where(query.Matches);
                Output.Tasks([.. max is { } m ? tasks.Take(m) : tasks], parse.GetValue(output)!);
                foreach (var damaged in stored.Where(s => s.Damage is not null))
                {
                    TerminalText.Error($"task '{damaged.Id}': its stored history is damaged at {damaged.Damage}" +
                        (damaged.Resource is null ? "; not listed (no readable task)" : "; listed as its readable events leave it"));
                }

                return ExitCodes.Ok;
            }));
        });
        return command;
    }

    /// <summary>Every task matching <paramref name="query"/> (all pages, or at most <paramref name="max"/>); null after printing query errors.</summary>
    private static async Task<List<TaskResource>?> ListAllAsync(ITaskClient client, TaskQuery query, int? max, CancellationToken ct)
    {
        var tasks = new List<TaskResource>();
        var current = query;
        while (true)
        {
            switch (await client.ListAsync(current, ct).ConfigureAwait(false))
            {
                case ListResult.Page page:
                    tasks.AddRange(page.Items);
                    if (page.Continuation is null || (max is { } m && tasks.Count >= m))
                    {
                        return max is { } limit && tasks.Count > limit ? tasks[..limit] : tasks;
                    }

                    current = current.WithContinuation(page.Continuation);
                    break;
                case ListResult.Invalid invalid:
                    PrintErrors(invalid.Errors.Select(e => e.ToString()));
                    return null;
            }
        }
    }
}
