using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.State;

namespace TaskActors.Tests.Durability;

/// <summary>Recovers one task journal into a <see cref="TaskState"/> and answers <see cref="Report"/> with what it found.</summary>
internal sealed class ReplayChecker : ReceivePersistentActor
{
    private TaskState _state = TaskState.Empty;

    public ReplayChecker(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<ITaskEvent>(e => _state = _state.Apply(e));
        Command<Report>(_ => Sender.Tell(new Replayed(PersistenceId, LastSequenceNr, _state.Version, _state.Runs.Select(r => r.Attempt).ToList())));
    }

    public override string PersistenceId { get; }

    public sealed record Report;

    public sealed record Replayed(string PersistenceId, long HighestSequenceNr, long StateVersion, IReadOnlyList<int> Attempts);
}
