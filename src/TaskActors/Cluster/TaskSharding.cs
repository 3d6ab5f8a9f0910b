using Akka.Actor;
using Akka.Cluster.Sharding;
using TaskActors.Model.Identity;
using TaskActors.Runners;
using TaskActors.Slots;
using TaskActors.Tasks;

namespace TaskActors.Cluster;

/// <summary>
/// Cluster mode: the same TaskActors and SlotActors as on a single node, as Akka.Cluster.Sharding entities. Tasks are
/// sharded by task id with remember-entities (the shards remember, in the shared journal, every task entity that is
/// alive until it passivates, so a restarted or failed-over shard wakes its active tasks without a client asking: the
/// single-node <see cref="TaskRegion"/>'s job); slots are sharded by slot name, without remember-entities (a queued
/// task wakes its slot, as on a single node). Started by <see cref="Node.TaskActorsNode.StartOn"/> when the actor
/// system's provider is the cluster.
/// </summary>
internal static class TaskSharding
{
    /// <summary>The sharding type name of tasks (part of the remember-entities persistence ids: never change it).</summary>
    public const string TaskTypeName = "task";

    /// <summary>The sharding type name of slots.</summary>
    public const string SlotTypeName = "slot";

    /// <summary>What <see cref="Start"/> returns: where envelopes go, and the node's registry of its local tasks.</summary>
    public sealed record Regions(IActorRef Tasks, IActorRef Slots, IActorRef Registry);

    /// <summary>Starts the slot and task shard regions of this node (and its <see cref="LocalTaskRegistry"/>).</summary>
    public static Regions Start(ActorSystem system, RunnerSet runners, TaskRuntimeSettings settings, ClusterModeSettings cluster, SupervisorPulse? pulse)
    {
        var sharding = ClusterSharding.Get(system);
        var registry = system.ActorOf(LocalTaskRegistry.Props(settings), "task-registry");

        var slotSettings = ClusterShardingSettings.Create(system).WithRememberEntities(false);
        var slotExtractor = HashCodeMessageExtractor.Create(
            cluster.NumberOfShards,
            message => message is SlotProtocol.SlotEnvelope envelope ? envelope.Slot.Value : null!,
            message => message is SlotProtocol.SlotEnvelope envelope ? envelope.Message : message);
        // Slots talk to tasks through the task region, which exists by the time the first slot message flows.
        var taskRegionPath = system.ActorSelection($"/system/sharding/{TaskTypeName}");
        var slots = sharding.Start(
            SlotTypeName,
            slot => SlotActor.Props(new Slot(slot), taskRegionPath, settings, sharded: true),
            slotSettings,
            slotExtractor,
            Allocation(sharding, slotSettings, cluster),
            SlotActor.Stop.Instance);

        var dependencies = new TaskActorDependencies(runners, settings, slots, registry, pulse);
        var taskSettings = ClusterShardingSettings.Create(system).WithRememberEntities(true);
        var taskExtractor = HashCodeMessageExtractor.Create(
            cluster.NumberOfShards,
            message => message is TaskProtocol.TaskEnvelope envelope ? envelope.Id.Value : null!,
            message => message is TaskProtocol.TaskEnvelope envelope ? envelope.Message : message);
        var tasks = sharding.Start(
            TaskTypeName,
            id => TaskActor.Props(new TaskId(id), dependencies),
            taskSettings,
            taskExtractor,
            Allocation(sharding, taskSettings, cluster),
            TaskActor.HandOff.Instance);
        return new Regions(tasks, slots, registry);
    }

    /// <summary>
    /// Akka's default (least-shard) allocation; with <c>rebalance = off</c> without its rebalancing: a shard goes to the
    /// node with the fewest shards when it is first needed or its node is gone, and then stays (a move would interrupt
    /// the running attempts of its tasks).
    /// </summary>
    private static IShardAllocationStrategy Allocation(ClusterSharding sharding, ClusterShardingSettings settings, ClusterModeSettings cluster)
    {
        var strategy = sharding.DefaultShardAllocationStrategy(settings);
        return cluster.Rebalance ? strategy : new KeepShardsAllocationStrategy(strategy);
    }
}
