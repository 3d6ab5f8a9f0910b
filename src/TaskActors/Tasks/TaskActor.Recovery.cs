using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Commands;
using TaskActors.Model.Resources;
using TaskActors.Model.State;

namespace TaskActors.Tasks;

/// <summary>Recovery: rebuild the state from the latest snapshot plus the events after it, then continue the task.</summary>
internal sealed partial class TaskActor
{
    private void OnSnapshotOffer(SnapshotOffer offer)
    {
        _state = (TaskState)offer.Snapshot;
        _lastSnapshotSequenceNr = offer.Metadata.SequenceNr;
    }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        // Only this task fails; the region restarts it later. Name what could not be read: the persistence id, the
        // sequence number of the event that failed (the one after the last replayed) and, from the serializer, its manifest.
        _log.Error(reason, "task {0}: recovery of {1} failed at sequence number {2} (events up to {3} were read): {4}",
            _id, PersistenceId, LastSequenceNr + 1, LastSequenceNr, Innermost(reason).Message);
        base.OnRecoveryFailure(reason, message);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    /// <summary>
    /// Continues whatever the journal says was under way: an attempt that was running when the node stopped is closed
    /// as interrupted (the restart policy decides what follows), a scheduled attempt fires at its persisted due time
    /// (at once if past), a task created but not started is started, a queued task wakes its slot, and a half-done
    /// delete is finished once the open attempt's end is persisted.
    /// </summary>
    private void ContinueAfterRecovery()
    {
        _lastSnapshotSequenceNr = Math.Max(_lastSnapshotSequenceNr, 0);
        if (_damage is not null)
        {
            EnterDamaged();
            return;
        }

        if (!_state.Exists)
        {
            _retired = LastSequenceNr > 0;
            MoveTo(Stage.Serving);
            ReportSettledIfSo();
            return;
        }

        if (_state.IsDeleted && _state.ActiveRun is null)
        {
            PurgeHistory();
            return;
        }

        MoveTo(Stage.Serving);
        if (_state.ActiveRun is not null)
        {
            // Persisted first; a deleted task's history is removed in its callback (CompleteLifecycleWaits).
            PersistThen(TaskDecider.Interrupted(_state, Now, _random), () => { });
            return;
        }

        if (_state.Resource!.Phase == TaskPhase.Pending && !_state.IsAdmitted)
        {
            // Waiting in the slot's queue: wake the slot, which checks its owner and admits when free.
            _dependencies.Slots.Tell(new Slots.SlotProtocol.SlotEnvelope(_state.Resource.Spec.Slot, new Slots.SlotProtocol.Waiting(_id)));
            return;
        }

        if (TaskDecider.CanStartAttempt(_state) && _state.ScheduledRetry is null)
        {
            StartAttempt();
            return;
        }

        AfterStateChanged();
    }
}
