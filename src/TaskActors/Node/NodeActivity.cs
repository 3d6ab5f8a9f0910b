namespace TaskActors.Node;

/// <summary>What a node's task region holds, as <see cref="TaskActorsNode.GetActivityAsync"/> answers it.</summary>
/// <param name="ActiveTasks">Tasks that are active (running, backing off, waiting): the node wakes them after a restart.</param>
/// <param name="LiveTaskActors">Task actors in memory now (active tasks plus recently used settled ones not yet passivated).</param>
public sealed record NodeActivity(int ActiveTasks, int LiveTaskActors);
