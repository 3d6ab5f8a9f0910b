using Akka.Actor;
using Akka.Event;
using TaskActors.Tasks;

namespace TaskActors.Cluster;

/// <summary>
/// In cluster mode, the node's list of the TaskActors that live on it (the sharded entities of this node's shards):
/// each registers when it starts and is watched. It stops their attempts when the node stops, leaves or is downed
/// (<see cref="TaskRegion.StopTasks"/> from the CoordinatedShutdown hook, which runs before the shard region hands its
/// shards off), and answers <see cref="TaskRegion.GetActiveCount"/> for this node.
/// </summary>
/// <remarks>
/// Why it exists: sharding hands entities off only when the coordinator is reachable; a node that is downed (or cut
/// off) must still stop the process trees of its attempts before the majority, after <c>down-removal-margin</c>,
/// starts the same tasks elsewhere. This actor needs nothing but the local actor system to do that.
/// </remarks>
internal sealed class LocalTaskRegistry : ReceiveActor, IWithTimers
{
    private const string GraceTimer = "shutdown-grace";
    private readonly TaskRuntimeSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _idsByTask = [];
    private readonly TaskShutdownRound _shutdown = new();

    /// <summary>Created once per cluster node by <see cref="TaskSharding"/>.</summary>
    public LocalTaskRegistry(TaskRuntimeSettings settings)
    {
        _settings = settings;
        Receive<Register>(register =>
        {
            var id = register.Id.Value;
            if (_tasks.TryGetValue(id, out var previous) && !previous.Equals(Sender))
            {
                _idsByTask.Remove(previous);
            }

            _tasks[id] = Sender;
            _idsByTask[Sender] = id;
            Context.Watch(Sender);
            if (_shutdown.Started)
            {
                _shutdown.Add(id, Sender, Self);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (_idsByTask.Remove(terminated.ActorRef, out var id))
            {
                _tasks.Remove(id);
                Confirmed(id);
            }
        });
        Receive<TaskRegion.StopTasks>(_ =>
        {
            Timers.StartSingleTimer(GraceTimer, TaskRegion.ShutdownGraceExpired.Instance, _settings.ShutdownGrace);
            _shutdown.Start(Sender, _tasks, Self);
        });
        Receive<TaskActor.StoppedForShutdown>(stopped => Confirmed(stopped.Id.Value));
        Receive<TaskRegion.ShutdownGraceExpired>(_ => _shutdown.Expire(_log, _settings.ShutdownGrace));
        Receive<TaskRegion.GetActiveCount>(_ => Sender.Tell(new Node.NodeActivity(_tasks.Count, _tasks.Count)));
    }

    /// <summary>Set by Akka: the shutdown grace timer.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the registry of a node.</summary>
    public static Props Props(TaskRuntimeSettings settings) => Akka.Actor.Props.Create(() => new LocalTaskRegistry(settings));

    /// <summary>TaskActor → registry, when it starts on this node (sender = the TaskActor).</summary>
    public sealed record Register(Model.Identity.TaskId Id);

    private void Confirmed(string id)
    {
        if (_shutdown.Confirmed(id))
        {
            Timers.Cancel(GraceTimer);
        }
    }
}
