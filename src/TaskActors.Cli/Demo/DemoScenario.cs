using TaskActors.Client;
using TaskActors.Model.Manifests;
using TaskActors.Model.Resources;

namespace TaskActors.Cli.Demo;

/// <summary>
/// The showcase of <c>taskactors demo</c>: the tasks of the embedded <c>demo.yaml</c>, when the demo is over (the
/// periodic task is canceled after three runs, then everything settles), and what each task must show, checked
/// against its runs.
/// </summary>
internal sealed class DemoScenario
{
    private const string Periodic = "heartbeat";
    private const int PeriodicRuns = 3;
    private bool _periodicCanceled;

    /// <summary>One line of the summary: the task, what it shows, and whether its history shows it.</summary>
    public sealed record Check(string Id, string Shows, TaskResource? Task, int Attempts, string? Problem);

    /// <summary>The demo's tasks, in submission order.</summary>
    public static IReadOnlyList<TaskDocument> Documents()
    {
        using var stream = typeof(DemoScenario).Assembly.GetManifestResourceStream("TaskActors.Cli.Demo.demo.yaml")
            ?? throw new InvalidOperationException("the demo manifest is not embedded");
        using var reader = new StreamReader(stream);
        var loaded = ManifestLoader.Load(reader.ReadToEnd(), "demo.yaml");
        return loaded.Errors.Count == 0
            ? loaded.Tasks
            : throw new InvalidOperationException("the demo manifest is invalid: " + string.Join("; ", loaded.Errors));
    }

    /// <summary>
    /// Writes the demo's wasm module (the embedded <c>samples/wasm/hello.wat</c>) into <paramref name="modulesDirectory"/>,
    /// where the demo node's wasm runner finds <c>module: hello.wat</c>.
    /// </summary>
    public static void WriteModules(string modulesDirectory)
    {
        using var stream = typeof(DemoScenario).Assembly.GetManifestResourceStream("TaskActors.Cli.Demo.hello.wat")
            ?? throw new InvalidOperationException("the demo's wasm module is not embedded");
        Directory.CreateDirectory(modulesDirectory);
        using var file = File.Create(Path.Combine(modulesDirectory, "hello.wat"));
        stream.CopyTo(file);
    }

    /// <summary>Called after each change: cancels the periodic task once its third run has succeeded; done when all are settled.</summary>
    public async Task<bool> IsDoneAsync(ITaskClient client, IReadOnlyList<TaskResource> tasks, CancellationToken ct)
    {
        if (!_periodicCanceled && tasks.FirstOrDefault(t => t.Id.Value == Periodic) is { } periodic && periodic.Status.Attempt >= PeriodicRuns && periodic.Phase == TaskPhase.Succeeded)
        {
            _periodicCanceled = true;
            await client.CancelAsync(Periodic, reason: $"the demo stops it after {PeriodicRuns} runs", cancellationToken: ct).ConfigureAwait(false);
            return false;
        }

        return tasks.All(t => t.IsSettled);
    }

    /// <summary>Checks every task's outcome and runs against what it is meant to show.</summary>
    public static async Task<IReadOnlyList<Check>> CheckAsync(ITaskClient client, CancellationToken ct)
    {
        var runs = new Dictionary<string, IReadOnlyList<TaskRun>>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, TaskResource>(StringComparer.Ordinal);
        foreach (var document in Documents())
        {
            var id = document.Id!.Value.Value;
            if (await client.GetAsync(id, ct).ConfigureAwait(false) is GetResult.Found found)
            {
                tasks[id] = found.Task;
            }

            runs[id] = await client.RunsAsync(id, ct).ConfigureAwait(false) is RunsResult.Found r ? r.Runs : [];
        }

        Check Make(string id, string shows, Func<TaskResource, IReadOnlyList<TaskRun>, string?> problem) =>
            tasks.TryGetValue(id, out var task)
                ? new Check(id, shows, task, runs[id].Count, problem(task, runs[id]))
                : new Check(id, shows, null, 0, "not found");

        return
        [
            Make("flaky", "fails twice, retried after 300 ms then 600 ms backoff, succeeds", (t, r) =>
                Expect(t, TaskPhase.Succeeded) ?? (r.Count != 3 ? $"{r.Count} attempts, expected 3"
                    : r[0].ExitCode != 1 || r[1].ExitCode != 1 ? "the first two attempts did not exit 1"
                    : Gap(r[0], r[1]) < 300 || Gap(r[1], r[2]) < 600 ? "a retry started before its backoff" : null)),
            Make("too-slow", "runs past its 500 ms timeout: process killed", (t, r) =>
                Expect(t, TaskPhase.Timeout) ?? (r.Count != 1 ? $"{r.Count} attempts, expected 1" : null)),
            Make("report-1", "queue slot 'reports': first", (t, _) => Expect(t, TaskPhase.Succeeded)),
            Make("report-2", "queue slot 'reports': after report-1", (t, r) => Expect(t, TaskPhase.Succeeded) ?? After(r, runs["report-1"], "report-1")),
            Make("report-3", "queue slot 'reports': after report-2", (t, r) => Expect(t, TaskPhase.Succeeded) ?? After(r, runs["report-2"], "report-2")),
            Make("deploy-v1", "owner of slot 'deploy', replaced: canceled", (t, _) => Expect(t, TaskPhase.Canceled)),
            Make("deploy-v2", "replaces deploy-v1, starts once v1 has stopped", (t, r) => Expect(t, TaskPhase.Succeeded) ?? After(r, runs["deploy-v1"], "deploy-v1")),
            Make(Periodic, $"periodic every 300 ms, canceled after {PeriodicRuns} runs", (t, r) =>
                Expect(t, TaskPhase.Canceled) ?? (r.Count(x => x.Phase == TaskPhase.Succeeded) < PeriodicRuns ? $"only {r.Count(x => x.Phase == TaskPhase.Succeeded)} successful runs" : null)),
            Make("greet", "an in-process .NET handler (echo)", (t, _) => Expect(t, TaskPhase.Succeeded)),
            Make("wasm-hello", "a WebAssembly module on Wasmtime, sandboxed", (t, r) =>
                Expect(t, TaskPhase.Succeeded) ?? (r.Count != 1 || r[0].Runner != "wasm" ? "not one run on the wasm runner"
                    : r[0].StdoutTail != "hello from WebAssembly from the demo\n" ? $"printed '{r[0].StdoutTail}'" : null)),
        ];
    }

    private static string? Expect(TaskResource task, TaskPhase phase) => task.Phase == phase ? null : $"ended {task.Phase}, expected {phase}";

    private static double Gap(TaskRun previous, TaskRun next) =>
        previous.FinishedAt is { } end ? (next.StartedAt - end).TotalMilliseconds : double.NaN;

    private static string? After(IReadOnlyList<TaskRun> runs, IReadOnlyList<TaskRun> before, string beforeId) =>
        runs.Count == 0 || before.Count == 0 || before[^1].FinishedAt is not { } end ? $"no runs to compare with {beforeId}"
        : runs[0].StartedAt < end ? $"started before {beforeId} ended"
        : null;
}
