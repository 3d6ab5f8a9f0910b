using TaskActors.Runners;

namespace TaskActors.Tasks;

/// <summary>What every TaskActor of a node shares: the node's runners, the runtime settings and the slot region.</summary>
/// <param name="Runners">The runners of this node, in selection order.</param>
/// <param name="Settings">The runtime settings.</param>
/// <param name="Slots">The slot region (or slot shard region): tasks claim and release their slot through it.</param>
/// <param name="Registry">In a cluster, the node's <see cref="Cluster.LocalTaskRegistry"/> (the task is a sharded entity);
/// null on a single node (the task is a child of the <see cref="TaskRegion"/>).</param>
/// <param name="Pulse">The node's pulse, handed to every attempt (null when <c>fence.pulse</c> is off).</param>
internal sealed record TaskActorDependencies(
    RunnerSet Runners, TaskRuntimeSettings Settings, Akka.Actor.IActorRef Slots, Akka.Actor.IActorRef? Registry = null, SupervisorPulse? Pulse = null);
