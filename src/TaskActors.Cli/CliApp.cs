using System.CommandLine;
using TaskActors.Client;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;

namespace TaskActors.Cli;

/// <summary>The <c>taskactors</c> command tree (System.CommandLine).</summary>
public static partial class CliApp
{
    /// <summary>The default store, relative to the current directory.</summary>
    public const string DefaultStore = "data/taskactors.db";

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            """
            taskactors: run task manifests on an embedded, durable TaskActors store and inspect the store.

            Examples:
              taskactors run tasks.yaml --until-done        run the manifest's tasks, exit when all are settled
              cat tasks.yaml | taskactors run -             read the manifest from standard input
              taskactors list --phase failed,exhausted      the tasks that failed
              taskactors get nightly-report -o json         one task as JSON
              taskactors runs nightly-report                its attempts

            Exit codes:
              0  ok
              1  run --until-done: some task did not end Succeeded (or a submission was rejected)
              2  invalid input (manifest errors, bad option values, missing files)
              3  not found
              4  store busy (a `run` owns the store)
            """);
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(GetCommand());
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(RunsCommand());
        root.Subcommands.Add(HandlersCommand());
        return root;
    }

    private static Option<string> StoreOption() => new("--store")
    {
        Description = "The SQLite store file (created if missing, with its folder)",
        DefaultValueFactory = _ => DefaultStore,
    };

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table or json",
            DefaultValueFactory = _ => Output.Table,
        };
        option.AcceptOnlyFromAmong(Output.Table, Output.Json);
        return option;
    }

    private static Command GetCommand() => ByIdCommand(
        "get",
        """
        Show one task (exit 3 when it does not exist).

        Examples:
          taskactors get nightly-report
          taskactors get nightly-report -o json
        """,
        async (client, taskId, format, ct) => await client.GetAsync(taskId, ct).ConfigureAwait(false) switch
        {
            GetResult.Found found => Shown(() => Output.Task(found.Task, format)),
            GetResult.Invalid invalid => Invalid(invalid.Errors),
            _ => await NotFoundAsync(taskId).ConfigureAwait(false),
        });

    private static Command RunsCommand() => ByIdCommand(
        "runs",
        """
        Show the attempts of a task, oldest first (exit 3 when it does not exist).

        Examples:
          taskactors runs nightly-report
          taskactors runs nightly-report -o json
        """,
        async (client, taskId, format, ct) => await client.RunsAsync(taskId, ct).ConfigureAwait(false) switch
        {
            RunsResult.Found found => Shown(() => Output.Runs(found.Runs, format)),
            RunsResult.Invalid invalid => Invalid(invalid.Errors),
            _ => await NotFoundAsync(taskId).ConfigureAwait(false),
        });

    /// <summary>A command that takes a task id, <c>--store</c> and <c>-o</c>, and runs <paramref name="action"/> on a node of the store.</summary>
    private static Command ByIdCommand(string name, string description, Func<ITaskClient, string, string, CancellationToken, Task<int>> action)
    {
        var id = new Argument<string>("ID") { Description = "The task id" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(name, description) { id, store, output };
        command.SetAction((parse, ct) => WithNodeAsync(parse.GetValue(store)!, client =>
            action(client, parse.GetValue(id)!, parse.GetValue(output)!, ct)));
        return command;
    }

    private static int Shown(Action print)
    {
        print();
        return ExitCodes.Ok;
    }

    private static int Invalid(IEnumerable<Model.Common.FieldError> errors)
    {
        PrintErrors(errors.Select(e => e.ToString()));
        return ExitCodes.InvalidInput;
    }

    private static async Task<int> NotFoundAsync(string taskId)
    {
        await Console.Error.WriteLineAsync($"task '{taskId}' not found").ConfigureAwait(false);
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
            List the tasks in the store, ordered by id.

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
                    Console.Error.WriteLine($"--phase: unknown phase '{name}' (pending, running, succeeded, failed, timeout, canceled, exhausted)");
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
                    Console.Error.WriteLine($"--label: '{label}' is not key=value");
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

            return WithNodeAsync(parse.GetValue(store)!, async client =>
            {
                var tasks = await ListAllAsync(client, max is { } m ? query.WithLimit(m) : query, max, ct).ConfigureAwait(false);
                if (tasks is null)
                {
                    return ExitCodes.InvalidInput;
                }

                Output.Tasks(tasks, parse.GetValue(output)!);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command HandlersCommand()
    {
        var command = new Command(
            "handlers",
            """
            List the built-in handlers that manifests can use as handler workloads.

            Example manifest:
              spec:
                slot: demo
                workload:
                  handler: {name: sleep, input: {ms: 500}}
            """);
        command.SetAction(_ =>
        {
            Output.Handlers(BuiltInHandlers.Descriptions);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> WithNodeAsync(string storePath, Func<ITaskClient, Task<int>> action)
    {
        var node = CliNode.TryStart(storePath, verbose: false);
        if (node is null)
        {
            return ExitCodes.StoreBusy;
        }

        await using (node.ConfigureAwait(false))
        {
            return await action(node.Client).ConfigureAwait(false);
        }
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

    private static void PrintErrors(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }
    }

}
