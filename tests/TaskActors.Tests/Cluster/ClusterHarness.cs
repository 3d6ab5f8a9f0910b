using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;
using TaskActors.Testing;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Cluster;

/// <summary>
/// Several real TaskActors cluster nodes in one test process: one actor system per node, each on its own loopback port
/// (port 0: a free one), joined into one Akka cluster over real remoting, all on one shared store: a fresh database of
/// the tests' PostgreSQL server (<see cref="PostgreSqlServer"/>) unless the spec passes another. Each node runs the subprocess runner and the shared test handlers and records its
/// own name (<c>node-1</c>, ...) in the run records, so a spec can see where each attempt ran.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>The actor system name every node shares (part of the seed addresses).</summary>
    public const string SystemName = "taskactors";

    /// <summary>The wall-clock limit of anything that could otherwise wait forever.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    // Fast failure detection for tests (the documented fast settings) and a quick restart of a failed entity.
    private const string Defaults = """
        akka.loglevel = WARNING
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.exit-clr = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.down-removal-margin = 2s
        akka.cluster.sharding.entity-restart-backoff = 500ms
        task-actors.runtime.passivate-after = 5s
        # No node of this harness freezes (they share one process), and a starved test machine must not fence live attempts.
        task-actors.runtime.fence.pulse = off
        """;

    private readonly TempDirectory _directory = new("cluster");
    private readonly Func<Config> _store;
    private readonly string _hocon;
    private readonly HandlerRegistry _handlers;

    /// <summary>A harness on a PostgreSQL database of its own (or on <paramref name="store"/>), with <paramref name="hocon"/> in front of every node's config.</summary>
    public ClusterHarness(Func<Config>? store = null, string? hocon = null)
    {
        if (store is null)
        {
            var database = TaskActorsConfig.ForPostgreSql(PostgreSqlServer.CreateDatabase("cluster"));
            store = () => database;
        }

        _store = store;
        _hocon = hocon ?? string.Empty;
        _handlers = TestHandlers.Registry(out var log);
        Handlers = log;
    }

    /// <summary>The nodes started so far, in order (a stopped node stays in the list).</summary>
    public List<TaskActorsNode> Nodes { get; } = [];

    /// <summary>What the test handlers of every node reported.</summary>
    public HandlerLog Handlers { get; }

    /// <summary>A folder for the spec's marker files.</summary>
    public string Directory => _directory.Path;

    /// <summary>Starts <paramref name="count"/> nodes, the first one forming the cluster, and waits until all are Up.</summary>
    public async Task<IReadOnlyList<TaskActorsNode>> StartAsync(int count)
    {
        var started = new List<TaskActorsNode>();
        for (var i = 0; i < count; i++)
        {
            started.Add(StartNode());
        }

        await WaitForMembersUpAsync();
        return started;
    }

    /// <summary>Starts one more node that joins the nodes still running (or forms a cluster when none is).</summary>
    public TaskActorsNode StartNode()
    {
        var seeds = Nodes.Where(n => !n.System.WhenTerminated.IsCompleted)
            .Select(n => Akka.Cluster.Cluster.Get(n.System).SelfAddress.ToString())
            .Take(1)
            .ToList();
        var name = $"node-{Nodes.Count + 1}";
        var config = ConfigurationFactory.ParseString($"task-actors.runtime.node-name = \"{name}\"\n{_hocon}")
            .WithFallback(ConfigurationFactory.ParseString(Defaults))
            .WithFallback(TaskActorsConfig.ForCluster(_store(), SystemName, "127.0.0.1", 0, seeds));
        var node = TaskActorsNode.Start(SystemName, config, new RunnerSet(new SubprocessRunner(), new HandlerRunner(_handlers, gracePeriod: TimeSpan.FromSeconds(1))));
        if (seeds.Count == 0)
        {
            var cluster = Akka.Cluster.Cluster.Get(node.System);
            cluster.Join(cluster.SelfAddress);
        }

        Nodes.Add(node);
        return node;
    }

    /// <summary>The nodes whose actor system still runs.</summary>
    public IReadOnlyList<TaskActorsNode> Running => Nodes.Where(n => !n.System.WhenTerminated.IsCompleted).ToList();

    /// <summary>Waits until every running node sees every running node Up.</summary>
    public async Task WaitForMembersUpAsync()
    {
        var running = Running;
        await Eventually.Until(
            () => running.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == running.Count),
            $"all {running.Count} nodes Up",
            HangGuard);
        // ...and until the shard coordinator knows every node's task and slot regions, so shards go to all of them.
        foreach (var type in new[] { "task", "slot" })
        {
            await Eventually.Until(
                async () =>
                {
                    var regions = await Akka.Cluster.Sharding.ClusterSharding.Get(running[0].System).ShardRegion(type)
                        .Ask<Akka.Cluster.Sharding.CurrentRegions>(Akka.Cluster.Sharding.GetCurrentRegions.Instance, TimeSpan.FromSeconds(5));
                    return regions.Regions.Count == running.Count;
                },
                $"the {type} shard coordinator knows all {running.Count} regions",
                HangGuard);
        }
    }

    /// <summary>Asks task <paramref name="id"/> through <paramref name="via"/> (any node: the shard region routes it).</summary>
    public static async Task<ITaskReply> Ask(TaskActorsNode via, string id, ITaskCommand command) =>
        await via.AskAsync(new TaskId(id), command, TimeSpan.FromSeconds(30));

    /// <summary>Submits through <paramref name="via"/> and expects it accepted.</summary>
    public static async Task<TaskResource> Submit(TaskActorsNode via, string id, TaskSpec spec) =>
        Assert.IsType<Accepted>(await Ask(via, id, new Submit(spec))).Task;

    /// <summary>Waits (asking through <paramref name="via"/>) until the task satisfies <paramref name="condition"/>.</summary>
    public static async Task<TaskResource> WaitFor(TaskActorsNode via, string id, Func<TaskResource, bool> condition, string what, TimeSpan? within = null)
    {
        return await Eventually.Value(
            async () =>
            {
                try
                {
                    return await Ask(via, id, Get.Instance) is Found found ? found.Task : null;
                }
                catch (Akka.Actor.AskTimeoutException)
                {
                    return null; // a shard restarting or moving buffers the question; ask again
                }
            },
            condition,
            $"task {id}: {what}",
            within ?? HangGuard,
            last => $"{last.Phase} attempt {last.Status.Attempt} ({last.Status.Error})");
    }

    /// <summary>The run records of task <paramref name="id"/>, asked through <paramref name="via"/>.</summary>
    public static async Task<IReadOnlyList<TaskRun>> Runs(TaskActorsNode via, string id) =>
        Assert.IsType<RunList>(await Ask(via, id, GetRuns.Instance)).Runs;

    /// <summary>Stops <paramref name="node"/> abruptly: no graceful shutdown, it simply vanishes from the cluster.</summary>
    public static async Task Crash(TaskActorsNode node) => await node.System.Terminate().WaitAsync(HangGuard);

    /// <summary>Stops <paramref name="node"/> gracefully: attempts stopped and recorded, shards handed off, the cluster left.</summary>
    public static async Task Leave(TaskActorsNode node) =>
        await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(HangGuard);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            if (!node.System.WhenTerminated.IsCompleted)
            {
                await node.System.Terminate().WaitAsync(HangGuard);
            }
        }

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
