using TaskActors.Runners;

namespace TaskActors.Tasks;

/// <summary>What every TaskActor of a node shares: the node's runners and the runtime settings.</summary>
/// <param name="Runners">The runners of this node, in selection order.</param>
/// <param name="Settings">The runtime settings.</param>
public sealed record TaskActorDependencies(RunnerSet Runners, TaskRuntimeSettings Settings);
