using Akka.Actor;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>Commands: each asks <see cref="TaskDecider"/>, persists what it decided, then acts and replies.</summary>
internal sealed partial class TaskActor
{
    private void OnSubmit(Submit submit)
    {
        RegionActivated();
        var verdict = TaskDecider.Submit(_state, _id, submit.Spec, _retired, _dependencies.Runners.CheckSubmittable(submit.Spec));
        if (verdict is not CommandVerdict.ClaimSlot)
        {
            Reply(Sender, verdict);
            ReportSettledIfSo();
            return;
        }

        var replyTo = Sender;
        ClaimSlot(submit.Spec, replyTo, admitted =>
        {
            var created = TaskDecider.Created(_id, submit.Spec, admitted, Now, submit.TraceParent);
            if (admitted)
            {
                StartAttempt(created, () => replyTo.Tell(new Accepted(_state.Resource!)));
            }
            else
            {
                PersistThen(created, () => replyTo.Tell(new Accepted(_state.Resource!)));
            }
        });
    }

    private void OnSubmitWhileStopping(Submit submit)
    {
        var verdict = TaskDecider.Submit(_state, _id, submit.Spec, _retired, _dependencies.Runners.CheckSubmittable(submit.Spec));
        Reply(Sender, verdict is CommandVerdict.ClaimSlot
            ? new CommandVerdict.Refused(new Rejection(RejectionKind.ShuttingDown, $"the node is stopping; submit '{_id}' again once it is back"))
            : verdict);
    }

    private void OnRerun()
    {
        RegionActivated();
        var verdict = TaskDecider.Rerun(_state, nodeStopping: _stage == Stage.ShuttingDown);
        if (verdict is not CommandVerdict.ClaimSlot)
        {
            Reply(Sender, verdict);
            ReportSettledIfSo();
            return;
        }

        var replyTo = Sender;
        ClaimSlot(_state.Resource!.Spec, replyTo, admitted => PersistThen(TaskDecider.RerunGranted(admitted, Now), () =>
        {
            replyTo.Tell(new Accepted(_state.Resource!));
            StartAttempt();
        }));
    }

    private void OnCancel(Cancel cancel)
    {
        var verdict = TaskDecider.Cancel(_state, cancel.ExpectedResourceVersion, cancel.Reason, Now);
        if (verdict is not CommandVerdict.Persist persist)
        {
            Reply(Sender, verdict);
            ReportSettledIfSo();
            return;
        }

        var replyTo = Sender;
        PersistThen(persist.Events, () =>
        {
            Timers.Cancel(NextAttemptTimer);
            StopAttempt(Model.Attempts.AttemptStopReason.Cancel);
            replyTo.Tell(new Accepted(_state.Resource!));
        });
    }

    private void OnDelete(Delete delete)
    {
        var verdict = TaskDecider.Delete(_state, delete.ExpectedResourceVersion, Now);
        switch (verdict)
        {
            case CommandVerdict.Persist persist:
                _deleteWaiters.Add(Sender);
                PersistThen(persist.Events, () =>
                {
                    Timers.Cancel(NextAttemptTimer);
                    StopAttempt(Model.Attempts.AttemptStopReason.Cancel);
                });
                break;
            case CommandVerdict.Unchanged:
                _deleteWaiters.Add(Sender);   // a delete is under way: answered when the history is gone
                break;
            default:
                Reply(Sender, verdict);
                ReportSettledIfSo();
                break;
        }
    }

    /// <summary>Answers a verdict that needs no write: the task as it is, or why not.</summary>
    private void Reply(IActorRef replyTo, CommandVerdict verdict) => replyTo.Tell(verdict switch
    {
        CommandVerdict.Unchanged unchanged => new Accepted(unchanged.Task),
        CommandVerdict.AlreadyExists exists => new AlreadyExists(exists.Task),
        CommandVerdict.NotFound => new NotFound(_id),
        CommandVerdict.Conflict conflict => new Conflict(_id, conflict.Expected, conflict.Actual, conflict.Message),
        CommandVerdict.Invalid invalid => new Invalid(invalid.Errors),
        CommandVerdict.Refused refused => Rejected.From(refused.Rejection),
        _ => throw new InvalidOperationException($"task {_id}: {verdict.GetType().Name} is not a reply"),
    });

    /// <summary>Starts the next attempt: persists AttemptStarted, then spawns its attempt actor and arms its timeout.</summary>
    private void StartAttempt() => StartAttempt([]);

    private void StopAttempt(Model.Attempts.AttemptStopReason reason) => _attempt?.Tell(new Attempts.AttemptProtocol.StopAttempt(reason));

    /// <summary>The events that would follow <paramref name="events"/> in the current state (the model's own view).</summary>
    private Model.State.TaskState After(IReadOnlyList<ITaskEvent> events) => events.Aggregate(_state, (state, e) => state.Apply(e));
}
