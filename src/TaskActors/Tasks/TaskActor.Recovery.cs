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

    /// <summary>Reaping → Serving: the recorded process group of the open attempt is gone (or was never ours).</summary>
    private sealed record Reaped(string Outcome);

    /// <summary>
    /// The open attempt's process group was recorded: make sure no process of it still runs (the previous node may
    /// have died together with the attempt's supervisor) before the attempt is recorded as interrupted and the next
    /// one may start. Commands wait in the stash meanwhile.
    /// </summary>
    private void ReapThenInterrupt(Model.Events.AttemptProcessStarted process)
    {
        MoveTo(Stage.Reaping);
        var grace = _state.Resource!.Spec.StopGracePeriod;
        Runners.ProcessGroups.ReapAsync(process.ProcessGroup, process.StartTime, grace).PipeTo(
            Self,
            success: outcome => new Reaped(outcome.ToString()),
            failure: e => new Reaped($"failed: {e.GetType().Name}: {e.Message}"));
    }

    /// <summary>Waiting for the recorded process group of the open attempt to be gone; every other message waits in the stash.</summary>
    private void Reaping()
    {
        Command<Reaped>(reaped =>
        {
            var process = _state.ActiveProcess!;
            _log.Info("task {0}: process group {1} of attempt {2} (start time {3}) before recording it as interrupted: {4}",
                _id, process.ProcessGroup, process.Attempt, process.StartTime, reaped.Outcome);
            MoveTo(Stage.Serving);
            Stash.UnstashAll();
            PersistThen(TaskDecider.Interrupted(_state, Now, _random), () => { });
        });
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>
    /// Continues whatever the journal says was under way: an attempt that was running when the node stopped is closed
    /// as interrupted (its recorded process group is reaped first) (the restart policy decides what follows), a scheduled attempt fires at its persisted due time
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

        if (_state.ActiveRun is not null && _state.ActiveProcess is { } process)
        {
            ReapThenInterrupt(process);
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
