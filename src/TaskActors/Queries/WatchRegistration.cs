using Akka.Actor;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>
/// The index's record of one watch: which changes it wants, and the changes collected for it while the index
/// processes one message (sent to the <see cref="WatchSession"/> together, as one <see cref="WatchSession.Deliver"/>).
/// </summary>
internal sealed class WatchRegistration(IActorRef session, IActorRef subscriber, TaskId? id, TaskQuery? filter)
{
    private List<TaskWatchEvent>? _outbox;

    /// <summary>The watch actor.</summary>
    public IActorRef Session { get; } = session;

    /// <summary>Who receives the changes.</summary>
    public IActorRef Subscriber { get; } = subscriber;

    /// <summary>Only this task, if set.</summary>
    public TaskId? Id { get; } = id;

    /// <summary>
    /// True when the watch wants <paramref name="emission"/>: the task is the watched one (if any) and it matches the
    /// filter after the change or matched it before (so a task leaving the filter's set is seen leaving).
    /// </summary>
    public bool Matches(in Emission emission)
    {
        var task = emission.Change.Task;
        if (Id is { } only && task.Id != only)
        {
            return false;
        }

        return filter is null || filter.Matches(task) || (emission.Before is { } before && filter.Matches(before));
    }

    /// <summary>Collects <paramref name="emission"/> if the watch wants it.</summary>
    public void Offer(in Emission emission)
    {
        if (Matches(emission))
        {
            (_outbox ??= []).Add(emission.Change);
        }
    }

    /// <summary>Sends what was collected to the watch actor.</summary>
    public void Flush(IActorRef index)
    {
        if (_outbox is { Count: > 0 } changes)
        {
            Session.Tell(new WatchSession.Deliver(changes), index);
            _outbox = null;
        }
    }
}
