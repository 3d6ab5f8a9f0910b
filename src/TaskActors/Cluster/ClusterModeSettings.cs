using Akka.Configuration;
using TaskActors.Configuration;

namespace TaskActors.Cluster;

/// <summary>
/// The cluster mode's own settings, read from <c>task-actors.cluster</c> by <see cref="Create"/> (every key documented,
/// with its default, in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>). Whether a node runs in cluster
/// mode at all is Akka's choice of provider (<c>akka.actor.provider = cluster</c>, set by <c>hocon/cluster.conf</c>);
/// membership, failure detection and downing are Akka.Cluster's own keys.
/// </summary>
/// <param name="NumberOfShards">Tasks and slots are spread over this many shards (<c>number-of-shards</c>); never change it while the store holds data.</param>
/// <param name="Rebalance">Whether shards move to balance the nodes when one joins (<c>rebalance</c>); a move interrupts the moved tasks' attempts.</param>
public sealed record ClusterModeSettings(int NumberOfShards, bool Rebalance)
{
    /// <summary>The HOCON section these settings are read from.</summary>
    public const string Section = "task-actors.cluster";

    /// <summary>True when <paramref name="config"/> makes the actor system a cluster member (<c>akka.actor.provider = cluster</c>).</summary>
    public static bool IsClusterProvider(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var provider = config.GetString("akka.actor.provider", "local") ?? "local";
        return provider.Equals("cluster", StringComparison.OrdinalIgnoreCase)
            || provider.StartsWith("Akka.Cluster.ClusterActorRefProvider", StringComparison.Ordinal);
    }

    /// <summary>Reads and checks every key of <c>task-actors.cluster</c>; throws <see cref="TaskActorsConfigurationException"/> for a value that is not allowed.</summary>
    public static ClusterModeSettings Create(Config config)
    {
        var read = new SettingsReader(config, Section);
        return new ClusterModeSettings(read.IntBetween("number-of-shards", atLeast: 1, atMost: 100_000), read.Boolean("rebalance"));
    }
}
