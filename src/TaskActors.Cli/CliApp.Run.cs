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
        var modules = new Option<string?>("--modules")
        {
            Description = "Where a wasm task's relative module path is found (default: the current directory)",
            HelpName = "DIR",
        };
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
              taskactors run jobs.yaml --modules /srv/wasm   wasm tasks' modules (module: report.wasm) from /srv/wasm
              taskactors run tasks.yaml --server http://127.0.0.1:5080 --until-done   submit to a serving node and follow
            """)
        {
            files, store, untilDone, output, modules,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(files) ?? [], parse.GetValue(store)!, parse.GetValue(ServerOption), parse.GetValue(untilDone), parse.GetValue(output)!, parse.GetValue(modules), ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] files, string storePath, string? server, bool untilDone, string format, string? modulesDirectory, CancellationToken ct)
    {
        // 1. Load every manifest; any error anywhere: print them all, submit nothing.
        var documents = new List<TaskDocument>();
        var sourced = new List<(string Source, TaskDocument Document)>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            string text;
            string source = file == "-" ? "<stdin>" : file;
            try
            {
                text = await ReadManifestAsync(file, ct).ConfigureAwait(false);
            }
            catch (ManifestTooLargeException)
            {
                errors.Add($"{source}: larger than {MaxManifestBytes / (1024 * 1024)} MiB, the limit for one manifest file; split it into several files");
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{source}: cannot read: {e.Message}");
                continue;
            }

            var result = ManifestLoader.Load(text, source);
            errors.AddRange(result.Errors.Select(e => e.ToString()));
            documents.AddRange(result.Tasks);
            sourced.AddRange(result.Tasks.Select(t => (source, t)));
        }

        // Across files, and against this node's runners (unknown handler, no runner, unmatched selector): still before anything is submitted.
        // (Files with errors of their own load no tasks; the tasks of the others are checked all the same, so one run shows every problem.)
        var runners = server is null && documents.Count > 0 ? CliNode.Runners(Persistence.TaskActorsConfig.ForSqliteFile(StorePathForConfig(storePath)), modulesDirectory) : null;
        errors.AddRange(ManifestChecks.Check(sourced, runners));

        if (errors.Count > 0)
        {
            PrintErrors(errors);
            await Console.Error.WriteLineAsync($"{errors.Count} error(s); nothing was submitted").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var done = untilDone ? AllSettled : (Func<IReadOnlyList<TaskResource>, CancellationToken, Task<bool>>?)null;
        if (server is not null)
        {
            // 2'. A node behind an HTTP API: submit and follow its watch there; no store here.
            return await WithServerAsync(server, async client =>
            {
                var (remoteSettled, remoteTasks) = await SuperviseAsync(client, documents, done, format, ct).ConfigureAwait(false);
                return ExitOf(untilDone, remoteSettled, remoteTasks);
            }).ConfigureAwait(false);
        }

        // 2. Start the node, watch every change, submit, supervise.
        var (node, refused) = await OwnAndStartAsync(storePath, "taskactors run", modulesDirectory, runners).ConfigureAwait(false);
        if (node is null)
        {
            return refused;
        }

        await using (node.ConfigureAwait(false))
        {
            var (settled, tasks) = await SuperviseAsync(node.Client, documents, done, format, ct).ConfigureAwait(false);
            return ExitOf(untilDone, settled, tasks);
        }
    }

    /// <summary>The largest manifest file <c>run</c> reads (16 MiB); a longer one (or an endless one such as <c>/dev/zero</c>) is an error, not a memory blow-up.</summary>
    internal const int MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>Reads a manifest file (- = standard input) as UTF-8, stopping with <see cref="ManifestTooLargeException"/> past <see cref="MaxManifestBytes"/>.</summary>
    private static async Task<string> ReadManifestAsync(string file, CancellationToken ct)
    {
        var stream = file == "-" ? Console.OpenStandardInput() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            using var bytes = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (bytes.Length + read > MaxManifestBytes)
                {
                    throw new ManifestTooLargeException();
                }

                bytes.Write(buffer, 0, read);
            }

            bytes.Position = 0;
            using var reader = new StreamReader(bytes, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
    }

    private sealed class ManifestTooLargeException : Exception;

    /// <summary>A path for reading the runners' configuration before the store is checked (an empty --store is reported later).</summary>
    private static string StorePathForConfig(string storePath) => string.IsNullOrWhiteSpace(storePath) ? DefaultStore : storePath;

    private static int ExitOf(bool untilDone, bool settled, IReadOnlyList<TaskResource> tasks) =>
        !untilDone ? ExitCodes.Ok
        : !settled || tasks.Any(t => t.Phase != TaskPhase.Succeeded || t.IsDamaged) ? ExitCodes.NotAllSucceeded
        : ExitCodes.Ok;

    private static readonly TimeSpan ListInterval = TimeSpan.FromMilliseconds(100);

    private static Task<bool> AllSettled(IReadOnlyList<TaskResource> tasks, CancellationToken ct) => Task.FromResult(tasks.All(t => t.IsSettled));

    /// <summary>
    /// Watches every change of the store (live table or lines), submits <paramref name="documents"/>, then waits until
    /// <paramref name="done"/> holds for the store's tasks (checked after each change, and at least once a second) or,
    /// without it, until <paramref name="ct"/> is canceled. Returns whether it ended done (every submission accepted)
    /// and the tasks as last listed.
    /// </summary>
    private static async Task<(bool Done, IReadOnlyList<TaskResource> Tasks)> SuperviseAsync(
        ITaskClient client, IReadOnlyList<TaskDocument> documents, Func<IReadOnlyList<TaskResource>, CancellationToken, Task<bool>>? done,
        string format, CancellationToken ct)
    {
        var view = Views.IRunView.For(format);
        await using (view.ConfigureAwait(false))
        {
            using var changed = new SemaphoreSlim(0);
            using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var shown = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var watching = WatchAsync(client, view, shown, changed, stopWatch.Token);
            var before = await ListAllAsync(client, TaskQuery.All.WithLimit(TaskQuery.MaxLimit), null, ct).ConfigureAwait(false) ?? [];
            view.Seed(before.Where(t => !t.IsSettled));

            var rejected = await SubmitAllAsync(client, documents, ct).ConfigureAwait(false);
            if (done is null)
            {
                await Console.Error.WriteLineAsync("running; press Ctrl+C to stop").ConfigureAwait(false);
            }

            view.Start();
            var ended = false;
            IReadOnlyList<TaskResource> tasks = before;
            try
            {
                if (done is not null)
                {
                    tasks = await WaitUntilAsync(client, shown, changed, done, ct).ConfigureAwait(false);
                    ended = rejected == 0;
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }

            await stopWatch.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            await view.DisposeAsync().ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("stopping: each running attempt gets SIGTERM (a handler its cancellation), then SIGKILL after its stopGracePeriodMs; it is recorded as interrupted, and the next run starts a new attempt of it (tasks with onInterruption: fail end as failed instead, and only their restart policy can run them again)").ConfigureAwait(false);
            }
            else if (done is not null)
            {
                var failed = tasks.Where(t => t.Phase != TaskPhase.Succeeded || t.IsDamaged).ToList();
                await TerminalText.ErrorAsync(
                    $"all {tasks.Count} task(s) settled: {tasks.Count - failed.Count} succeeded" +
                    (failed.Count == 0 ? "" : $", not succeeded: {string.Join(", ", failed.Select(t => t.Status.Damage is { } damage ? $"{t.Id} (damaged at {damage})" : $"{t.Id} ({t.Phase})"))}")).ConfigureAwait(false);
            }

            return (ended, tasks);
        }
    }

    /// <summary>Submits every document, printing what became of each on standard error; returns how many were refused.</summary>
    private static async Task<int> SubmitAllAsync(ITaskClient client, IReadOnlyList<TaskDocument> documents, CancellationToken ct)
    {
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
                    await TerminalText.ErrorAsync($"{existing.Task.Id} exists already ({existing.Task.Phase}{(existing.Task.IsDamaged ? ", damaged" : "")}); not submitted again").ConfigureAwait(false);
                    break;
                case SubmitResult.Rejected r:
                    rejected++;
                    await TerminalText.ErrorAsync($"{document.Id?.Value ?? "(new task)"}: rejected ({r.Kind}): {r.Message}").ConfigureAwait(false);
                    break;
                case SubmitResult.Invalid invalid:
                    rejected++;
                    PrintErrors(invalid.Errors.Select(e => $"{document.Id?.Value ?? "(new task)"}: {e}"));
                    break;
            }
        }

        return rejected;
    }

    private static async Task WatchAsync(
        ITaskClient client, Views.IRunView view, System.Collections.Concurrent.ConcurrentDictionary<string, long> shown, SemaphoreSlim changed, CancellationToken ct)
    {
        try
        {
            await foreach (var change in client.WatchAsync(TaskQuery.All, ct).ConfigureAwait(false))
            {
                view.OnChange(change.Task);
                shown[change.Task.Id.Value] = change.Task.Metadata.ResourceVersion;
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
                await TerminalText.ErrorAsync($"watch ended: {e.Message}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds for the store's tasks and the view has shown each one's last change;
    /// returns them. Woken by each change, and re-checks through list at least once a second.
    /// </summary>
    private static async Task<IReadOnlyList<TaskResource>> WaitUntilAsync(
        ITaskClient client, System.Collections.Concurrent.ConcurrentDictionary<string, long> shown, SemaphoreSlim changed,
        Func<IReadOnlyList<TaskResource>, CancellationToken, Task<bool>> done, CancellationToken ct)
    {
        while (true)
        {
            var tasks = await ListAllAsync(client, TaskQuery.All.WithLimit(TaskQuery.MaxLimit), null, ct).ConfigureAwait(false) ?? [];
            var caughtUp = tasks.All(t => !shown.TryGetValue(t.Id.Value, out var version) || version >= t.Metadata.ResourceVersion);
            if (caughtUp && await done(tasks, ct).ConfigureAwait(false))
            {
                return tasks;
            }

            // Woken by a change: let a burst of changes land before listing the store again (lists are not free on big stores).
            if (await changed.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false))
            {
                await Task.Delay(ListInterval, ct).ConfigureAwait(false);
                while (changed.CurrentCount > 0 && changed.Wait(0))
                {
                }
            }
        }
    }
}
