using Akka.Actor;
using Akka;
using Akka.Configuration;
using TaskActors.Persistence;
using TaskActors.Runners;
using TaskActors.Slots;
using TaskActors.Tasks;

namespace TaskActors.Node;

/// <summary>
/// One TaskActors node on a store: the actor system (journal ready before any actor), the task region (which wakes
/// every active task from the store at start), and the graceful-shutdown hook. Hosts, the CLI, benchmarks and tests
/// start a node with <see cref="Start"/> and talk to <see cref="Region"/> with <see cref="TaskProtocol.TaskEnvelope"/>s.
/// </summary>
public sealed class TaskActorsNode : IAsyncDisposable
{
    private readonly IActorRef _local;

    private TaskActorsNode(ActorSystem system, IActorRef region, IActorRef slots, IActorRef local, TaskRuntimeSettings settings)
    {
        System = system;
        Region = region;
        _local = local;
        Slots = slots;
        Settings = settings;
        Index = Queries.TaskIndexStartup.Start(system);
        Health = new NodeHealth(system, region, Index);
        system.ActorOf(Telemetry.TelemetryObserver.Props(settings.NodeName, Index, TimeSpan.FromSeconds(30)), "taskactors-telemetry");
    }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The task region: send it <see cref="TaskProtocol.TaskEnvelope"/>s (in a cluster, the task shard region).</summary>
    public IActorRef Region { get; }

    /// <summary>The slot region (internal to the runtime; exposed for inspection with <see cref="SlotProtocol.GetSlot"/>).</summary>
    public IActorRef Slots { get; }

    /// <summary>The runtime settings in force.</summary>
    public TaskRuntimeSettings Settings { get; }

    /// <summary>The read-side index (list/watch): send it <see cref="Queries.QueryProtocol"/> messages.</summary>
    public IActorRef Index { get; }

    /// <summary>The node's health checks: journal, task runtime, read-side index.</summary>
    public NodeHealth Health { get; }

    /// <summary>
    /// Starts a node named <paramref name="name"/> with <paramref name="config"/> (from <see cref="TaskActorsConfig"/>,
    /// optionally with overrides in front) and the node's <paramref name="runners"/>.
    /// </summary>
    public static TaskActorsNode Start(string name, Config config, RunnerSet runners)
    {
        ArgumentNullException.ThrowIfNull(config);
        return StartOn(TaskActorsPersistence.CreateActorSystem(name, config), runners);
    }

    /// <summary>
    /// Starts the runtime's actors (slot region, task region, read-side index) and the graceful-shutdown hook on an
    /// actor system created elsewhere, e.g. by Akka.Hosting. The system must run on a TaskActors store that was
    /// initialised before it started (<see cref="SqliteStoreInitializer"/>) with the store's
    /// <c>DataOptionsSetup</c> in its setup (<see cref="TaskActorsPersistence.CreateSetup"/>), and its config must
    /// have the TaskActors reference configuration as a fallback. Call it once per system. The system's owner shuts it
    /// down (running attempts are recorded by the CoordinatedShutdown hook); do not dispose the returned node then.
    /// </summary>
    public static TaskActorsNode StartOn(ActorSystem system, RunnerSet runners)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(runners);
        var settings = TaskRuntimeSettings.Create(system.Settings.Config);
        var pulse = StartPulse(system, settings.Fence);
        IActorRef region, slots, local;
        if (Cluster.ClusterModeSettings.IsClusterProvider(system.Settings.Config))
        {
            // Cluster mode: the same actors as sharded entities; the node's registry stops the local attempts.
            var sharded = Cluster.TaskSharding.Start(system, runners, settings, Cluster.ClusterModeSettings.Create(system.Settings.Config), pulse);
            (region, slots, local) = (sharded.Tasks, sharded.Slots, sharded.Registry);
        }
        else
        {
            // Slots reach the task region by path (it is created right after them; both before any message flows).
            slots = system.ActorOf(SlotRegion.Props(system.ActorSelection("/user/tasks"), settings), "slots");
            region = system.ActorOf(TaskRegion.Props(new TaskActorDependencies(runners, settings, slots, Pulse: pulse)), "tasks");
            local = region;
        }

        var askTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(5);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-task-attempts", async () =>
        {
            // Attempts are stopped and recorded as interrupted while the journal is still up; the next start (or, in a
            // cluster, the task's next home) continues them. In a cluster this runs before the shards are handed off,
            // also when the node was downed.
            await local.Ask<TaskRegion.TasksStopped>(TaskRegion.StopTasks.Instance, askTimeout).ConfigureAwait(false);
            return Done.Instance;
        });
        return new TaskActorsNode(system, region, slots, local, settings);
    }

    /// <summary>The node's pulse thread when <c>fence.pulse</c> is on and attempts are fenced here; it ends with the system.</summary>
    private static SupervisorPulse? StartPulse(ActorSystem system, FenceSettings fence)
    {
        if (!fence.Pulse || !SubprocessSupervisor.IsAvailable)
        {
            return null;
        }

        var pulse = new SupervisorPulse(fence.PulseInterval, fence.PulseTimeout);
        system.RegisterOnTermination(pulse.Dispose);
        return pulse;
    }

    /// <summary>Sends <paramref name="command"/> to task <paramref name="id"/> and waits for its reply.</summary>
    public Task<TaskProtocol.ITaskReply> AskAsync(Model.Identity.TaskId id, TaskProtocol.ITaskCommand command, TimeSpan? timeout = null) =>
        Region.Ask<TaskProtocol.ITaskReply>(new TaskProtocol.TaskEnvelope(id, command), timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>How many tasks are active on this node and how many task actors are in memory.</summary>
    /// <param name="timeout">How long to wait for the answer; default 10 seconds.</param>
    public Task<NodeActivity> GetActivityAsync(TimeSpan? timeout = null) =>
        _local.Ask<NodeActivity>(TaskRegion.GetActiveCount.Instance, timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Shuts the node down gracefully (running attempts are stopped and recorded first).</summary>
    public async ValueTask DisposeAsync() =>
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
}
