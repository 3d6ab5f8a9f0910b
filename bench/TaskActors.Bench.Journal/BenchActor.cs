using Akka.Actor;
using Akka.Persistence;

namespace TaskActors.Bench.Journal;

/// <summary>
/// One benchmark entity. On <see cref="Run"/> it persists three events in sequence (Persist, not PersistAsync,
/// so each waits for the previous write) and tells <c>replyTo</c>; on <see cref="Ping"/> it reports how many
/// events it has (after recovery, the replayed ones).
/// </summary>
public sealed class BenchActor : ReceivePersistentActor
{
    private readonly IActorRef _replyTo;
    private int _events;

    public BenchActor(string persistenceId, IActorRef replyTo)
    {
        PersistenceId = persistenceId;
        _replyTo = replyTo;
        Recover<BenchEvent>(_ => _events++);
        Command<Run>(_ => PersistNext(1));
        Command<Ping>(_ => _replyTo.Tell(new Done(_events)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef replyTo) =>
        Akka.Actor.Props.Create(() => new BenchActor(persistenceId, replyTo));

    private void PersistNext(int step) =>
        Persist(new BenchEvent(step, DateTime.UtcNow.Ticks), _ =>
        {
            _events++;
            if (step < 3)
                PersistNext(step + 1);
            else
                _replyTo.Tell(new Done(_events));
        });
}

/// <summary>Counts <see cref="Done"/> replies and completes when all expected ones arrived.</summary>
public sealed class Collector : ReceiveActor
{
    public Collector(int expected, int expectedEvents, TaskCompletionSource<int> completion)
    {
        var count = 0;
        var wrong = 0;
        Receive<Done>(d =>
        {
            if (d.Events != expectedEvents)
                wrong++;
            if (++count == expected)
                completion.TrySetResult(wrong);
        });
    }
}
