namespace TaskActors.Hosting;

/// <summary>
/// A host's membership of a TaskActors cluster (<see cref="TaskActorsOptions.Cluster"/>, bound from <c>TaskActors:Cluster</c>
/// in appsettings or set with <see cref="TaskActorsOptions.UseCluster"/>). Every node uses the same actor system name
/// (<see cref="TaskActorsOptions.ActorSystemName"/>) and the same PostgreSQL store.
/// </summary>
public sealed class TaskActorsClusterOptions
{
    /// <summary>The port a node listens on when none is given (Akka.Remote's customary port).</summary>
    public const int DefaultPort = 4053;

    /// <summary>The address this node listens on and that the other nodes reach it by (default 127.0.0.1).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The port this node listens on for the other nodes (0 = any free port; then it cannot be a seed).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary><c>host:port</c> of nodes to join through; empty = this node starts the cluster (it is its own seed).</summary>
    public IList<string> SeedNodes { get; set; } = [];
}
