using System.CommandLine;
using TaskActors.Client;
using TaskActors.Model.Manifests;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;

namespace TaskActors.Cli;

/// <summary>The <c>taskactors</c> command tree (System.CommandLine).</summary>
public static class CliApp
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

    private static Command RunCommand()
    {
        var files = new Argument<string[]>("FILES")
        {
            Description = "Manifest files (YAML or JSON, one or many tasks each); - reads standard input. None: resume what the store holds",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var store = StoreOption();
        var untilDone = new Option<bool>("--until-done")
        {
            Description = "Exit once every task in the store is settled: 0 if all Succeeded, else 1",
        };
        var output = OutputOption();
        var command = new Command(
            "run",
            """
            Start a node on the store, submit the manifests' tasks and supervise them, printing one line per change
            (`HH:mm:ss.fff <id> v<resourceVersion> <phase> attempt <n> [exit <code>] [next <time>] [error]`; with -o json
            one resource per line). If any manifest has errors, every error is printed (file:line:column: path: message)
            and nothing is submitted (exit 2). Without --until-done it runs until Ctrl+C and shuts down gracefully.

            Examples:
              taskactors run tasks.yaml --until-done
              taskactors run a.yaml b.json --store /var/lib/taskactors/tasks.db
              taskactors run                                 resume the tasks of ./data/taskactors.db until Ctrl+C
            """)
        {
            files, store, untilDone, output,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(files) ?? [], parse.GetValue(store)!, parse.GetValue(untilDone), parse.GetValue(output)!, ct));
        return command;
    }

    private static Command GetCommand()
    {
        var id = new Argument<string>("ID") { Description = "The task id" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(
            "get",
            """
            Show one task (exit 3 when it does not exist).

            Examples:
              taskactors get nightly-report
              taskactors get nightly-report -o json
            """)
        {
            id, store, output,
        };
        command.SetAction((parse, ct) => WithNodeAsync(parse.GetValue(store)!, async client =>
        {
            var taskId = parse.GetValue(id)!;
            switch (await client.GetAsync(taskId, ct).ConfigureAwait(false))
            {
                case GetResult.Found found:
                    Output.Task(found.Task, parse.GetValue(output)!);
                    return ExitCodes.Ok;
                case GetResult.Invalid invalid:
                    PrintErrors(invalid.Errors.Select(e => e.ToString()));
                    return ExitCodes.InvalidInput;
                default:
                    await Console.Error.WriteLineAsync($"task '{taskId}' not found").ConfigureAwait(false);
                    return ExitCodes.NotFound;
            }
        }));
        return command;
    }

    private static Command RunsCommand()
    {
        var id = new Argument<string>("ID") { Description = "The task id" };
        var store = StoreOption();
        var output = OutputOption();
        var command = new Command(
            "runs",
            """
            Show the attempts of a task, oldest first (exit 3 when it does not exist).

            Examples:
              taskactors runs nightly-report
              taskactors runs nightly-report -o json
            """)
        {
            id, store, output,
        };
        command.SetAction((parse, ct) => WithNodeAsync(parse.GetValue(store)!, async client =>
        {
            var taskId = parse.GetValue(id)!;
            switch (await client.RunsAsync(taskId, ct).ConfigureAwait(false))
            {
                case RunsResult.Found found:
                    Output.Runs(found.Runs, parse.GetValue(output)!);
                    return ExitCodes.Ok;
                case RunsResult.Invalid invalid:
                    PrintErrors(invalid.Errors.Select(e => e.ToString()));
                    return ExitCodes.InvalidInput;
                default:
                    await Console.Error.WriteLineAsync($"task '{taskId}' not found").ConfigureAwait(false);
                    return ExitCodes.NotFound;
            }
        }));
        return command;
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

    private static async Task<int> RunAsync(string[] files, string storePath, bool untilDone, string format, CancellationToken ct)
    {
        // 1. Load every manifest; any error anywhere: print them all, submit nothing.
        var documents = new List<TaskDocument>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            string text;
            string source = file == "-" ? "<stdin>" : file;
            try
            {
                text = file == "-" ? await Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{source}: cannot read: {e.Message}");
                continue;
            }

            var result = ManifestLoader.Load(text, source);
            errors.AddRange(result.Errors.Select(e => e.ToString()));
            documents.AddRange(result.Tasks);
        }

        if (errors.Count > 0)
        {
            PrintErrors(errors);
            await Console.Error.WriteLineAsync($"{errors.Count} error(s); nothing was submitted").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        // 2. Start the node, watch every change, submit.
        var node = CliNode.TryStart(storePath, verbose: true);
        if (node is null)
        {
            return ExitCodes.StoreBusy;
        }

        await using (node.ConfigureAwait(false))
        {
            var client = node.Client;
            using var changed = new SemaphoreSlim(0);
            using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watching = WatchAsync(client, format, changed, stopWatch.Token);

            var rejected = 0;
            foreach (var document in documents)
            {
                var result = await client.SubmitAsync(document.Spec, document.Id?.Value, ct).ConfigureAwait(false);
                switch (result)
                {
                    case SubmitResult.Accepted accepted:
                        await Console.Error.WriteLineAsync($"submitted {accepted.Task.Id}").ConfigureAwait(false);
                        break;
                    case SubmitResult.AlreadyExists existing:
                        await Console.Error.WriteLineAsync($"{existing.Task.Id} exists already ({existing.Task.Phase}); not submitted again").ConfigureAwait(false);
                        break;
                    case SubmitResult.Rejected r:
                        rejected++;
                        await Console.Error.WriteLineAsync($"{document.Id?.Value ?? "(new task)"}: rejected ({r.Kind}): {r.Message}").ConfigureAwait(false);
                        break;
                    case SubmitResult.Invalid invalid:
                        rejected++;
                        PrintErrors(invalid.Errors.Select(e => $"{document.Id?.Value ?? "(new task)"}: {e}"));
                        break;
                }
            }

            var exit = ExitCodes.Ok;
            try
            {
                if (untilDone)
                {
                    exit = await WaitUntilSettledAsync(client, changed, ct).ConfigureAwait(false);
                    if (rejected > 0)
                    {
                        exit = ExitCodes.NotAllSucceeded;
                    }
                }
                else
                {
                    await Console.Error.WriteLineAsync("running; press Ctrl+C to stop").ConfigureAwait(false);
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("stopping: running attempts are recorded as interrupted and continue on the next run").ConfigureAwait(false);
                exit = untilDone ? ExitCodes.NotAllSucceeded : ExitCodes.Ok;
            }

            await stopWatch.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            return exit;
        }
    }

    private static async Task WatchAsync(ITaskClient client, string format, SemaphoreSlim changed, CancellationToken ct)
    {
        try
        {
            await foreach (var change in client.WatchAsync(TaskQuery.All, ct).ConfigureAwait(false))
            {
                await Console.Out.WriteLineAsync(format == Output.Json
                    ? Model.Json.TaskJson.Serialize(change.Task)
                    : Output.ChangeLine(change.Task)).ConfigureAwait(false);
                changed.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is Queries.TaskWatchException or ObjectDisposedException or TimeoutException)
        {
            if (!ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"watch ended: {e.Message}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until every task in the store is settled; 0 if all Succeeded, else 1.</summary>
    private static async Task<int> WaitUntilSettledAsync(ITaskClient client, SemaphoreSlim changed, CancellationToken ct)
    {
        while (true)
        {
            var tasks = await ListAllAsync(client, TaskQuery.All.WithLimit(TaskQuery.MaxLimit), null, ct).ConfigureAwait(false) ?? [];
            if (tasks.All(t => t.Phase.IsTerminal() && t.Status.NextAttemptAt is null))
            {
                var failed = tasks.Where(t => t.Phase != TaskPhase.Succeeded).ToList();
                await Console.Error.WriteLineAsync(
                    $"all {tasks.Count} task(s) settled: {tasks.Count - failed.Count} succeeded" +
                    (failed.Count == 0 ? "" : $", not succeeded: {string.Join(", ", failed.Select(t => $"{t.Id} ({t.Phase})"))}")).ConfigureAwait(false);
                return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.NotAllSucceeded;
            }

            // Woken by the next change, or after a second at most (changes are also re-checked through list).
            await changed.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }
}
