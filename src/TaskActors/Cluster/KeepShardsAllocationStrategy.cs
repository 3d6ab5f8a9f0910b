using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace TaskActors.Cluster;

/// <summary>
/// Akka's shard allocation without rebalancing (<c>task-actors.cluster.rebalance = off</c>): a shard is placed by the
/// default strategy when it is first needed or when its node is gone, and then stays. Rebalancing hands a shard off,
/// which stops the running attempts of its tasks (they continue on the new home as interrupted); a task supervisor
/// should not interrupt work because a node joined.
/// </summary>
/// <remarks>
/// Only <see cref="IActorSystemDependentAllocationStrategy"/> is implemented: the shard coordinator starts a strategy
/// through the first of the two start interfaces it implements, and this one starts the wrapped strategy through
/// whichever that one needs.
/// </remarks>
internal sealed class KeepShardsAllocationStrategy(IShardAllocationStrategy inner) : IActorSystemDependentAllocationStrategy
{
    /// <inheritdoc />
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        inner.AllocateShard(requester, shardId, currentShardAllocations);

    /// <inheritdoc />
    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    /// <inheritdoc />
    public void Start(ActorSystem system)
    {
        switch (inner)
        {
            case IStartableAllocationStrategy startable:
                startable.Start();
                break;
            case IActorSystemDependentAllocationStrategy dependent:
                dependent.Start(system);
                break;
        }
    }
}
