using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.State;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// Recovers a task's journal the way a TaskActor does — from the latest snapshot plus the tail, or (with
/// <c>fullReplay</c>) from every event — and answers <see cref="Read"/> with the state and how many events it replayed.
/// </summary>
internal sealed class StateReader : ReceivePersistentActor
{
    private readonly bool _fullReplay;
    private TaskState _state = TaskState.Empty;
    private int _replayed;
    private bool _fromSnapshot;

    public StateReader(string persistenceId, bool fullReplay)
    {
        PersistenceId = persistenceId;
        _fullReplay = fullReplay;
        Recover<SnapshotOffer>(offer =>
        {
            _state = (TaskState)offer.Snapshot;
            _fromSnapshot = true;
        });
        Recover<ITaskEvent>(e =>
        {
            _state = _state.Apply(e);
            _replayed++;
        });
        Command<Read>(_ => Sender.Tell(new Result(_state, _replayed, _fromSnapshot)));
    }

    public override string PersistenceId { get; }

    public override Recovery Recovery => _fullReplay ? new Recovery(SnapshotSelectionCriteria.None) : base.Recovery;

    public sealed record Read;

    public sealed record Result(TaskState State, int EventsReplayed, bool FromSnapshot);
}
