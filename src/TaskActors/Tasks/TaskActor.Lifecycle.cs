using Akka.Event;
using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using static TaskActors.Runs.TaskRunProtocol;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>Cancel, delete (with history removal), idle passivation and graceful shutdown.</summary>
public sealed partial class TaskActor
{
    private readonly List<IActorRef> _deleteWaiters = [];
    private IActorRef? _shutdownWaiter;
    private bool _shuttingDown;
    private bool _purging;

    /// <summary>True once this incarnation told the region it is settled (and until it becomes active again).</summary>
    private bool _settledReported;

    /// <summary>Region → TaskActor on a graceful shutdown: stop the running attempt, record it, then answer <see cref="StoppedForShutdown"/>.</summary>
    internal sealed record StopForShutdown
    {
        public static StopForShutdown Instance { get; } = new();
    }

    /// <summary>TaskActor → region: nothing of this task is running any more.</summary>
    internal sealed record StoppedForShutdown(Model.Identity.TaskId Id);

    private void HandleLifecycle()
    {
        Command<Cancel>(OnCancel);
        Command<Delete>(OnDelete);
        Command<StopForShutdown>(_ =>
        {
            _shuttingDown = true;
            Timers.Cancel(NextAttemptTimer);
            if (_run is null)
            {
                Sender.Tell(new StoppedForShutdown(_id));
                return;
            }

            _shutdownWaiter = Sender;
            _run.Tell(new StopAttempt(StopReason.Shutdown));
        });
        Command<ReceiveTimeout>(_ =>
        {
            if (_state.ActiveRun is null && (!_state.Exists || _state.IsSettled))
            {
                if (!_state.Exists)
                {
                    // Never created (e.g. a crash between the region's activation and TaskCreated): nothing to wake.
                    Context.Parent.Tell(new TaskRegion.Settled(_id));
                }

                Context.Parent.Tell(new TaskRegion.Passivate(_id));
            }
        });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("task {0}: snapshot failed: {1}", _id, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("task {0}: removing snapshots failed: {1}", _id, failure.Cause.Message));
    }

    private void OnCancel(Cancel cancel)
    {
        if (_state.Resource is not { } task || _state.IsDeleted)
        {
            Sender.Tell(new NotFound(_id));
            ReportSettledIfSo();
            return;
        }

        if (cancel.ExpectedResourceVersion is { } expected && expected != _state.Version)
        {
            Sender.Tell(new Conflict(_id, expected, _state.Version, $"task '{_id}' is at resourceVersion {_state.Version}, not {expected}; get it again and retry"));
            return;
        }

        if (task.Phase == TaskPhase.Canceled)
        {
            Sender.Tell(new Accepted(task));
            return;
        }

        if (_state.IsSettled)
        {
            Sender.Tell(new Rejected(RejectionKind.WrongPhase, $"task '{_id}' already finished ({task.Phase.ToString().ToLowerInvariant()}); nothing to cancel"));
            return;
        }

        var replyTo = Sender;
        PersistThen([new TaskCanceled(cancel.Reason ?? "canceled by client", Now)], () =>
        {
            Timers.Cancel(NextAttemptTimer);
            _run?.Tell(new StopAttempt(StopReason.Cancel));
            replyTo.Tell(new Accepted(_state.Resource!));
        });
    }

    private void OnDelete(Delete delete)
    {
        if (!_state.Exists || (_state.IsDeleted && !_purging))
        {
            Sender.Tell(new NotFound(_id));
            ReportSettledIfSo();
            return;
        }

        if (delete.ExpectedResourceVersion is { } expected && !_state.IsDeleted && expected != _state.Version)
        {
            Sender.Tell(new Conflict(_id, expected, _state.Version, $"task '{_id}' is at resourceVersion {_state.Version}, not {expected}; get it again and retry"));
            return;
        }

        _deleteWaiters.Add(Sender);
        if (_state.IsDeleted)
        {
            return; // already removing its history; answered when done
        }

        PersistThen([new TaskDeleted(Now)], () =>
        {
            Timers.Cancel(NextAttemptTimer);
            _run?.Tell(new StopAttempt(StopReason.Cancel));
        });
    }

    /// <summary>Answers whoever waits for a state this task has now reached (delete finished, shutdown recorded).</summary>
    private void CompleteLifecycleWaits()
    {
        if (_state.IsDeleted && _state.ActiveRun is null && !_purging)
        {
            PurgeHistory();
        }

        if (_shutdownWaiter is not null && _state.ActiveRun is null)
        {
            _shutdownWaiter.Tell(new StoppedForShutdown(_id));
            _shutdownWaiter = null;
        }
    }

    /// <summary>Removes the task's events and snapshots, tells the waiters and the region, and stops.</summary>
    private void PurgeHistory()
    {
        _purging = true;
        DeleteMessages(LastSequenceNr);
        Become(Purging);
    }

    private void Purging()
    {
        Command<DeleteMessagesSuccess>(_ => DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue)));
        Command<DeleteMessagesFailure>(failure =>
        {
            _log.Error(failure.Cause, "task {0}: removing its events failed; it stays deleted and is retried on next start", _id);
            FinishPurge();
        });
        Command<DeleteSnapshotsSuccess>(_ => FinishPurge());
        Command<DeleteSnapshotsFailure>(_ => FinishPurge());
        Command<Delete>(_ => _deleteWaiters.Add(Sender));
        Command<ITaskCommand>(_ => Sender.Tell(new NotFound(_id)));
        Command<AttemptEnded>(_ => { });
        Command<StopForShutdown>(_ => Sender.Tell(new StoppedForShutdown(_id)));
        Command<ReceiveTimeout>(_ => { });
    }

    private void FinishPurge()
    {
        // The region first, so it holds this task's next messages before anyone learns of the delete and sends one.
        Context.Parent.Tell(new TaskRegion.Removed(_id));
        foreach (var waiter in _deleteWaiters)
        {
            waiter.Tell(new Deleted(_id));
        }

        _deleteWaiters.Clear();
        _state = TaskState.Empty;
        _retired = true;
        Context.Stop(Self);
    }

    /// <summary>
    /// Keeps the region's memory of active tasks right: a settled task says so once (and releases its slot), a task
    /// that becomes active again says that; idle passivation is armed while quiet. A task that does not exist says
    /// nothing here — the region may have just activated it for a submit on its way — and is reported at passivation.
    /// </summary>
    private void ReportSettledIfSo()
    {
        if (_purging)
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
                Context.Parent.Tell(new TaskRegion.Settled(_id));
            }

            Context.SetReceiveTimeout(_dependencies.Settings.PassivateAfter);
        }
        else
        {
            if (_settledReported)
            {
                _settledReported = false;
                Context.Parent.Tell(new TaskRegion.Active(_id));
            }

            Context.SetReceiveTimeout(null);
        }
    }

    /// <summary>The region activated this task for a submit or rerun: whatever happens, report the outcome afresh.</summary>
    private void RegionActivated() => _settledReported = false;
}
