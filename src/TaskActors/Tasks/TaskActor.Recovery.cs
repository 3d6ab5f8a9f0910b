using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;

namespace TaskActors.Tasks;

/// <summary>Recovery: rebuild the state from the latest snapshot plus the events after it, then continue the task.</summary>
public sealed partial class TaskActor
{
    /// <summary>True when the journal held events once but they were deleted: the id is never reused.</summary>
    private bool _retired;

    private void RecoverState()
    {
        Recover<SnapshotOffer>(offer =>
        {
            _state = (TaskState)offer.Snapshot;
            _lastSnapshotSequenceNr = offer.Metadata.SequenceNr;
        });
        Recover<ITaskEvent>(e => _state = _state.Apply(e));
        // Persisting from RecoveryCompleted is supported and happens before any stashed command runs.
        Recover<RecoveryCompleted>(_ => ContinueAfterRecovery());
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
    /// Continues whatever the journal says was under way: an attempt that was running when the node stopped is
    /// closed as interrupted (the restart policy decides what follows), a scheduled attempt fires at its persisted
    /// due time (at once if past), a task created but not started is started, a half-done delete is finished.
    /// </summary>
    private void ContinueAfterRecovery()
    {
        _lastSnapshotSequenceNr = Math.Max(_lastSnapshotSequenceNr, 0);
        if (!_state.Exists)
        {
            _retired = LastSequenceNr > 0;
            ReportSettledIfSo();
            return;
        }

        if (_state.IsDeleted)
        {
            if (_state.ActiveRun is { } stopped)
            {
                // The attempt's end is persisted first; its callback finishes the delete (CompleteLifecycleWaits).
                EndAttempt(stopped.Attempt, new Runners.AttemptResult(Runners.AttemptResultKind.Canceled, Error: AttemptFinished.InterruptedError), Runs.TaskRunProtocol.StopReason.Cancel);
                return;
            }

            PurgeHistory();
            return;
        }

        if (_state.ActiveRun is { } open)
        {
            var outcome = _state.Resource!.Phase == TaskPhase.Canceled ? TaskPhase.Canceled : TaskPhase.Failed;
            var finished = new AttemptFinished(open.Attempt, outcome, Now, Error: AttemptFinished.InterruptedError);
            PersistThen(RestartDecider.EventsForFinishedAttempt(_state, finished, _random), () => { });
            return;
        }

        if (_state.Resource!.Phase == TaskPhase.Pending)
        {
            if (_state.IsAdmitted)
            {
                StartAttempt();
            }
            else
            {
                // Waiting in the slot's queue: wake the slot, which checks its owner and admits when free.
                _dependencies.Slots.Tell(new Slots.SlotProtocol.SlotEnvelope(_state.Resource.Spec.Slot, new Slots.SlotProtocol.Waiting(_id)));
            }

            return;
        }

        AfterStateChanged();
    }
}
