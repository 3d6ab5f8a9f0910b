using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.State;

namespace TaskActors.Tests.Journals;

/// <summary>
/// Recovers a task's journal the way a TaskActor does — from the latest snapshot plus the tail, or (with
/// <c>fullReplay</c>) from every event — and answers <see cref="Read"/> with the state, how many events it replayed
/// and the highest sequence number it found.
/// </summary>
internal sealed class JournalReplay : ReceivePersistentActor
{
    private readonly bool _fullReplay;
    private TaskState _state = TaskState.Empty;
    private int _replayed;
    private bool _fromSnapshot;

    public JournalReplay(string persistenceId, bool fullReplay)
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
        Command<Read>(_ => Sender.Tell(new Result(_state, _replayed, _fromSnapshot, LastSequenceNr)));
    }

    public override string PersistenceId { get; }

    public override Recovery Recovery => _fullReplay ? new Recovery(SnapshotSelectionCriteria.None) : base.Recovery;

    public sealed record Read;

    /// <summary>The recovered state, the events replayed after the snapshot (all of them without one), and the journal's highest sequence number.</summary>
    public sealed record Result(TaskState State, int EventsReplayed, bool FromSnapshot, long HighestSequenceNr);
}
