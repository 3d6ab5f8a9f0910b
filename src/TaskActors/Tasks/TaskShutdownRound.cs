using Akka.Actor;
using Akka.Event;

namespace TaskActors.Tasks;

/// <summary>
/// One graceful stop of a node's tasks, as the actor that knows them runs it (the <see cref="TaskRegion"/> on a single
/// node, the <see cref="Cluster.LocalTaskRegistry"/> in a cluster): every task is told
/// <see cref="TaskActor.StopForShutdown"/>, and the requester gets <see cref="TaskRegion.TasksStopped"/> once each has
/// confirmed (or stopped) or when the owner's grace timer calls <see cref="Expire"/>.
/// </summary>
internal sealed class TaskShutdownRound
{
    private readonly HashSet<string> _awaiting = new(StringComparer.Ordinal);
    private IActorRef? _requester;

    /// <summary>True once <see cref="Start"/> ran: tasks that appear later are told to stop at once.</summary>
    public bool Started { get; private set; }

    /// <summary>Tells every task in <paramref name="tasks"/> to stop its attempt; answers <paramref name="requester"/> when all did.</summary>
    public void Start(IActorRef requester, IEnumerable<KeyValuePair<string, IActorRef>> tasks, IActorRef self)
    {
        Started = true;
        _requester = requester;
        foreach (var (id, task) in tasks)
        {
            Add(id, task, self);
        }

        CompleteIfDone();
    }

    /// <summary>A task that appeared during the round (a cluster entity started meanwhile) is told to stop too.</summary>
    public void Add(string id, IActorRef task, IActorRef self)
    {
        _awaiting.Add(id);
        task.Tell(TaskActor.StopForShutdown.Instance, self);
    }

    /// <summary>Task <paramref name="id"/> confirmed (or is gone); returns true when that completed the round.</summary>
    public bool Confirmed(string id) => _awaiting.Remove(id) && CompleteIfDone();

    /// <summary>The grace ran out: answers with the number of tasks that did not confirm.</summary>
    public void Expire(ILoggingAdapter log, TimeSpan grace)
    {
        log.Warning("{0} task(s) did not stop within the shutdown grace of {1}", _awaiting.Count, grace);
        _requester?.Tell(new TaskRegion.TasksStopped(_awaiting.Count));
        _requester = null;
    }

    private bool CompleteIfDone()
    {
        if (_requester is null || _awaiting.Count > 0)
        {
            return false;
        }

        _requester.Tell(new TaskRegion.TasksStopped(0));
        _requester = null;
        return true;
    }
}
