using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Tasks;

namespace TaskActors.Tests.Journals;

/// <summary>
/// Writes given events under a given persistence id through the real journal: the state a crash left behind (task,
/// slot and region journals alike), or, in a second actor system on the same store, "another process" writing tasks.
/// Task events are also applied to a <see cref="TaskState"/> and, when <c>publishLocally</c>, published as
/// <see cref="TaskChanged"/> after each, as a TaskActor does.
/// </summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    private readonly bool _publishLocally;
    private TaskState _state = TaskState.Empty;

    public JournalWriter(string persistenceId, bool publishLocally)
    {
        _publishLocally = publishLocally;
        PersistenceId = persistenceId;
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

    public static Props Props(string persistenceId, bool publishLocally = false) =>
        Akka.Actor.Props.Create(() => new JournalWriter(persistenceId, publishLocally));

    /// <summary>Persist these events (atomically); answers <see cref="Written"/> after the last.</summary>
    public sealed record Write(IReadOnlyList<object> Events);

    /// <summary>The task after the write (null when no task event was ever written), and when the write was acknowledged.</summary>
    public sealed record Written(TaskResource? Task, DateTime PersistedAtUtc);

    /// <summary>Remove every event (as a TaskActor does after TaskDeleted); answers <see cref="Purged"/>.</summary>
    public sealed record Purge;

    public sealed record Purged(long UpTo);

    private void OnWrite(Write write)
    {
        var replyTo = Sender;
        var remaining = write.Events.Count;
        PersistAll(write.Events, e =>
        {
            if (e is ITaskEvent taskEvent)
            {
                _state = _state.Apply(taskEvent);
                if (_publishLocally)
                {
                    Context.System.EventStream.Publish(new TaskChanged(_state.Resource!, taskEvent));
                }
            }

            if (--remaining == 0)
            {
                replyTo.Tell(new Written(_state.Resource, DateTime.UtcNow));
            }
        });
    }
}
