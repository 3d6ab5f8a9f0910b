using System.CommandLine;
using TaskActors.Client;
using TaskActors.Model.Manifests;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;

namespace TaskActors.Cli;

/// <summary>The <c>run</c> command: load manifests (all or nothing), submit, print each change, and with --until-done exit when everything is settled.</summary>
public static partial class CliApp
{
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
