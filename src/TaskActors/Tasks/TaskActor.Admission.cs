using Akka.Actor;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Slots;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// Admission: a task claims its slot before it is created or rerun (the slot persists its decision first), waits
/// in the slot's queue when told to, starts when admitted, and releases the slot when settled.
/// </summary>
public sealed partial class TaskActor
{
    private TimeSpan ClaimTimeout => _dependencies.Settings.ClaimTimeout;

    private sealed record ClaimTimedOut;

    private void HandleAdmission()
    {
        Command<Admit>(_ => OnAdmit());
        Command<GetSettlement>(_ => Sender.Tell(new Settlement(_id, _state.Exists && !_state.IsDeleted, !_state.Exists || _state.IsSettled, _state.IsAdmitted)));
    }

    /// <summary>
    /// Claims the slot of <paramref name="spec"/>; meanwhile other messages wait. On a grant runs
    /// <paramref name="granted"/> with whether the task may start now; on a refusal answers <paramref name="replyTo"/>.
    /// </summary>
    private void ClaimSlot(TaskSpec spec, IActorRef replyTo, Action<bool> granted)
    {
        _dependencies.Slots.Tell(new SlotProtocol.SlotEnvelope(spec.Slot, new SlotProtocol.Claim(_id, spec.Admission)));
        Timers.StartSingleTimer("claim", new ClaimTimedOut(), ClaimTimeout);
        BecomeStacked(() =>
        {
            Command<SlotProtocol.ClaimGranted>(grant =>
            {
                EndClaim();
                granted(grant.Admitted);
            });
            Command<SlotProtocol.ClaimRejected>(rejected =>
            {
                EndClaim();
                replyTo.Tell(new Rejected(rejected.Kind, rejected.Message));
                ReportSettledIfSo();
            });
            Command<ClaimTimedOut>(_ =>
            {
                EndClaim();
                replyTo.Tell(new Rejected(RejectionKind.SlotBusy, $"slot '{spec.Slot}' did not answer within {ClaimTimeout.TotalSeconds:0} s; try again"));
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void EndClaim()
    {
        Timers.Cancel("claim");
        UnbecomeStacked();
        Stash.UnstashAll();
    }

    private void OnAdmit()
    {
        if (!_state.Exists || _state.IsDeleted || (_state.IsSettled && _state.IsAdmitted))
        {
            ReleaseSlot();
            return;
        }

        if (_state.IsAdmitted || _state.Resource!.Phase != TaskPhase.Pending)
        {
            return; // already admitted: a repeated admission after a slot restart
        }

        StartAttempt([new TaskAdmitted(Now)]);
    }

    /// <summary>Tells the slot this task no longer needs it (settled, canceled while queued, deleted).</summary>
    private void ReleaseSlot()
    {
        if (_state.Resource is { } task)
        {
            _dependencies.Slots.Tell(new SlotProtocol.SlotEnvelope(task.Spec.Slot, new SlotProtocol.Released(_id)));
        }
    }
}
