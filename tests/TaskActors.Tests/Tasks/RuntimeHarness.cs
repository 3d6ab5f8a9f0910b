using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;
using TaskActors.Tasks;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// Starts real TaskActors nodes on a real SQLite file in a temp folder, with the real subprocess and handler runners,
/// and waits for outcomes with TestKit's AwaitAssert (no sleeps).
/// </summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly List<(TaskActorsNode Node, TestKit Kit)> _nodes = [];

    public RuntimeHarness(string? hocon = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("taskactors-runtime-").FullName;
        StorePath = Path.Combine(Directory, "store.db");
        Hocon = hocon ?? string.Empty;
    }

    public string Directory { get; }

    public string StorePath { get; }

    public string Hocon { get; }

    public TaskActorsNode Node => _nodes[^1].Node;

    public TestKit Kit => _nodes[^1].Kit;

    public static RunnerSet DefaultRunners() =>
        new(new SubprocessRunner(), new HandlerRunner(TestHandlers.Registry(), gracePeriod: TimeSpan.FromSeconds(1)));

    /// <summary>Starts a node on the store (a second call after <see cref="Crash"/> models a restart).</summary>
    public TaskActorsNode Start(RunnerSet? runners = null)
    {
        var config = ConfigurationFactory.ParseString(Hocon + "\nakka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-actor-system-terminate = off\nakka.coordinated-shutdown.exit-clr = off\ntask-actors.runtime.passivate-after = 5s")
            .WithFallback(TaskActorsConfig.ForSqliteFile(StorePath));
        var node = TaskActorsNode.Start("runtime-" + _nodes.Count, config, runners ?? DefaultRunners());
        _nodes.Add((node, new TestKit(node.System)));
        return node;
    }

    /// <summary>Stops the node's actor system abruptly: no graceful shutdown hook runs, attempts are left open in the journal.</summary>
    public async Task Crash()
    {
        // run-by-actor-system-terminate is off in the harness, so this skips the graceful shutdown hook.
        await Node.System.Terminate();
        SqliteConnection.ClearAllPools();
    }

    public async Task<ITaskReply> Ask(string id, ITaskCommand command) => await Node.AskAsync(new TaskId(id), command);

    public async Task<TaskResource> Submit(string id, TaskSpec spec)
    {
        var reply = await Ask(id, new Submit(spec));
        return Assert.IsType<Accepted>(reply).Task;
    }

    public async Task<TaskResource> Get(string id) => Assert.IsType<Found>(await Ask(id, TaskProtocol.Get.Instance)).Task;

    public async Task<IReadOnlyList<TaskRun>> Runs(string id) => Assert.IsType<RunList>(await Ask(id, GetRuns.Instance)).Runs;

    /// <summary>Waits until the task satisfies <paramref name="condition"/>, asking it (read-your-writes) until then.</summary>
    public async Task<TaskResource> WaitFor(string id, Func<TaskResource, bool> condition, TimeSpan? within = null, string? what = null)
    {
        TaskResource? last = null;
        await Kit.AwaitAssertAsync(async () =>
        {
            last = await Get(id);
            Assert.True(condition(last), $"task {id} did not reach: {what ?? "the condition"}; it is {last.Phase} attempt {last.Status.Attempt} ({last.Status.Error})");
        }, within ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(25));
        return last!;
    }

    /// <summary>Waits until the task is terminal with nothing scheduled.</summary>
    public Task<TaskResource> WaitSettled(string id, TimeSpan? within = null) =>
        WaitFor(id, t => t.IsSettled && t.Phase != TaskPhase.Running, within, "a settled terminal phase");

    public async ValueTask DisposeAsync()
    {
        foreach (var (node, _) in _nodes)
        {
            if (!node.System.WhenTerminated.IsCompleted)
            {
                await node.System.Terminate();
            }
        }

        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a process of a killed attempt may still hold its cwd for a moment; the temp folder is cleaned by the OS
        }
    }
}
