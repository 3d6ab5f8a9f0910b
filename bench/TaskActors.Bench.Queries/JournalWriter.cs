using Akka.Actor;
using Akka.Persistence;
using TaskActors.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;

namespace TaskActors.Bench.Queries;

/// <summary>Persists one synthetic task's events through Akka.Persistence (the real write path), then answers <see cref="Done"/>.</summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    public JournalWriter(TaskId id, IReadOnlyList<ITaskEvent> events)
    {
        PersistenceId = PersistenceIds.Task(id);
        Command<Go>(_ =>
        {
            var replyTo = Sender;
            var left = events.Count;
            PersistAll(events, _ =>
            {
                if (--left == 0)
                {
                    replyTo.Tell(Done.Instance);
                    Context.Stop(Self);
                }
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(TaskId id, IReadOnlyList<ITaskEvent> events) => Akka.Actor.Props.Create(() => new JournalWriter(id, events));

    public sealed record Go
    {
        public static Go Instance { get; } = new();
    }

    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }
}
