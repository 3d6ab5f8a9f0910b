using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Tasks;

namespace TaskActors.Tests.Queries;

/// <summary>
/// A stand-in for a TaskActor that only writes: it persists the given task events under the task's persistence id
/// (<c>task-{id}</c>) and, when <c>publishLocally</c>, publishes <see cref="TaskChanged"/> after each like a TaskActor.
/// In a second actor system on the same store it plays "another process" writing tasks.
/// </summary>
public sealed class TaskEventWriter : ReceivePersistentActor
{
    private readonly bool _publishLocally;
    private TaskState _state = TaskState.Empty;

    public TaskEventWriter(TaskId id, bool publishLocally)
    {
        _publishLocally = publishLocally;
        PersistenceId = TaskActor.PersistenceIdFor(id);
        Recover<ITaskEvent>(e => _state = _state.Apply(e));
        Command<Write>(OnWrite);
        Command<Purge>(_ =>
        {
            var replyTo = Sender;
            DeleteMessages(LastSequenceNr);
            Become(() =>
            {
                Command<DeleteMessagesSuccess>(_ => replyTo.Tell(new Purged(LastSequenceNr)));
                Command<DeleteMessagesFailure>(f => replyTo.Tell(new Status.Failure(f.Cause)));
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(TaskId id, bool publishLocally) => Akka.Actor.Props.Create(() => new TaskEventWriter(id, publishLocally));

    /// <summary>Persist these events (atomically); answers <see cref="Written"/> after the last.</summary>
    public sealed record Write(IReadOnlyList<ITaskEvent> Events);

    /// <summary>The task after the write.</summary>
    public sealed record Written(TaskResource Task, DateTime PersistedAtUtc);

    /// <summary>Remove every event (as a TaskActor does after TaskDeleted); answers <see cref="Purged"/>.</summary>
    public sealed record Purge;

    public sealed record Purged(long UpTo);

    private void OnWrite(Write write)
    {
        var replyTo = Sender;
        var remaining = write.Events.Count;
        PersistAll(write.Events, e =>
        {
            _state = _state.Apply(e);
            if (_publishLocally)
            {
                Context.System.EventStream.Publish(new TaskChanged(_state.Resource!, e));
            }

            if (--remaining == 0)
            {
                replyTo.Tell(new Written(_state.Resource!, DateTime.UtcNow));
            }
        });
    }
}
