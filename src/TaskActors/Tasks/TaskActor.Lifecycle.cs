using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Attempts;
using TaskActors.Model.State;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>Graceful shutdown, history removal after a delete, idle passivation, and what the region is told.</summary>
internal sealed partial class TaskActor
{
    /// <summary>Region → TaskActor on a graceful shutdown: stop the running attempt, record it, then answer <see cref="StoppedForShutdown"/>.</summary>
    internal sealed record StopForShutdown
    {
        public static StopForShutdown Instance { get; } = new();
    }

    /// <summary>TaskActor → region: nothing of this task is running any more.</summary>
    internal sealed record StoppedForShutdown(Model.Identity.TaskId Id);

    private void OnStopForShutdown()
    {
        if (_stage == Stage.Serving)
        {
            Timers.Cancel(NextAttemptTimer);
            Timers.Cancel(NoRunnerTimer);
            MoveTo(Stage.ShuttingDown);
        }

        if (_attempt is null)
        {
            Sender.Tell(new StoppedForShutdown(_id));
            return;
        }

        _shutdownWaiter = Sender;
        StopAttempt(AttemptStopReason.Shutdown);
    }

    private void OnIdle()
    {
        if (_state.ActiveRun is null && (!_state.Exists || _state.IsSettled))
        {
            if (!_state.Exists)
            {
                // Never created (e.g. a crash between the region's activation and TaskCreated): nothing to wake.
                TellHomeSettled();
            }

            AskHomeToPassivate();
        }
    }

    /// <summary>Answers whoever waits for a state this task has now reached (delete finished, shutdown recorded).</summary>
    private void CompleteLifecycleWaits()
    {
        if (_shutdownWaiter is not null && _state.ActiveRun is null)
        {
            _shutdownWaiter.Tell(new StoppedForShutdown(_id));
            _shutdownWaiter = null;
        }

        if (_handOffRequested && _state.ActiveRun is null && _stage != Stage.Purging)
        {
            Context.Stop(Self);
            return;
        }

        if (_state.IsDeleted && _state.ActiveRun is null && _stage != Stage.Purging)
        {
            PurgeHistory();
        }
    }

    /// <summary>Removes the task's events and snapshots; then tells the waiters and the region, and stops.</summary>
    private void PurgeHistory()
    {
        MoveTo(Stage.Purging);
        DeleteMessages(LastSequenceNr);
    }

    private void HandlePurge()
    {
        Command<HandOff>(_ =>
        {
            _handOffRequested = true;
            if (_retired)
            {
                Context.Stop(Self);
            }
        });
        // A retention deletion or snapshot cleanup started before the delete may answer here first: only the purge's own
        // answers (all events, all snapshots) count.
        Command<DeleteMessagesSuccess>(success =>
        {
            if (success.ToSequenceNr >= LastSequenceNr)
            {
                DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
            }
        });
        Command<DeleteMessagesFailure>(failure =>
        {
            if (failure.ToSequenceNr >= LastSequenceNr)
            {
                _log.Error(failure.Cause, "task {0}: removing its events failed; it stays deleted and is retried on next start", _id);
                FinishPurge();
            }
        });
        Command<DeleteSnapshotsSuccess>(success =>
        {
            if (success.Criteria.MaxSequenceNr == long.MaxValue)
            {
                FinishPurge();
            }
        });
        Command<DeleteSnapshotsFailure>(failure =>
        {
            if (failure.Criteria.MaxSequenceNr == long.MaxValue)
            {
                FinishPurge();
            }
        });
    }

    private void FinishPurge()
    {
        // The home first, so it holds this task's next messages before anyone learns of the delete and sends one.
        TellHomeRemovedAndStop();
        foreach (var waiter in _deleteWaiters)
        {
            waiter.Tell(new Deleted(_id));
        }

        _deleteWaiters.Clear();
        _state = TaskState.Empty;
        _retired = true;
        if (_handOffRequested)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>
    /// Keeps the region's memory of active tasks right: a settled task says so once (and releases its slot), a task
    /// that becomes active again says that; idle passivation is armed while quiet. A task that does not exist says
    /// nothing here (the region may have just activated it for a submit on its way) and is reported at passivation.
    /// </summary>
    private void ReportSettledIfSo()
    {
        if (_stage == Stage.Purging)
        {
            return;
        }

        if (!_state.Exists)
        {
            Context.SetReceiveTimeout(_dependencies.Settings.PassivateAfter);
        }
        else if (_state.IsSettled)
        {
            if (!_settledReported)
            {
                _settledReported = true;
                ReleaseSlot();
                TellHomeSettled();
            }

            Context.SetReceiveTimeout(_dependencies.Settings.PassivateAfter);
        }
        else
        {
            if (_settledReported)
            {
                _settledReported = false;
                TellHomeActive();
            }

            Context.SetReceiveTimeout(null);
        }
    }

    /// <summary>The region activated this task for a submit or rerun: whatever happens, report the outcome afresh.</summary>
    private void RegionActivated() => _settledReported = false;
}
