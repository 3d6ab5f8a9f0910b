using Akka.Actor;
using TaskActors.Model.Commands;
using TaskActors.Model.Specs;
using TaskActors.Slots;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// Admission: a task claims its slot before it is created or rerun (the slot persists its decision first), waits in
/// the slot's queue when told to, starts when admitted, and releases the slot when settled.
/// </summary>
internal sealed partial class TaskActor
{
    private const string ClaimTimer = "claim";
    private TimeSpan ClaimTimeout => _dependencies.Settings.ClaimTimeout;

    /// <summary>A claim under way (the Claiming stage): what to do with the slot's answer.</summary>
    private sealed record PendingClaim(TaskSpec Spec, IActorRef ReplyTo, Action<bool> Granted);

    private sealed record ClaimTimedOut;

    /// <summary>
    /// Claims the slot of <paramref name="spec"/> and waits for the answer in the Claiming stage. On a grant runs
    /// <paramref name="granted"/> with whether the task may start now; on a refusal answers <paramref name="replyTo"/>.
    /// </summary>
    private void ClaimSlot(TaskSpec spec, IActorRef replyTo, Action<bool> granted)
    {
        _dependencies.Slots.Tell(new SlotProtocol.SlotEnvelope(spec.Slot, new SlotProtocol.Claim(_id, spec.Admission)));
        Timers.StartSingleTimer(ClaimTimer, new ClaimTimedOut(), ClaimTimeout);
        _claim = new PendingClaim(spec, replyTo, granted);
        MoveTo(Stage.Claiming);
    }

    private void HandleClaimAnswers()
    {
        Command<SlotProtocol.ClaimGranted>(grant => EndClaim().Granted(grant.Admitted));
        Command<SlotProtocol.ClaimRejected>(rejected =>
        {
            EndClaim().ReplyTo.Tell(Rejected.From(rejected.Rejection));
            ReportSettledIfSo();
        });
        Command<ClaimTimedOut>(_ =>
        {
            var claim = EndClaim();
            claim.ReplyTo.Tell(new Rejected(RejectionKind.SlotBusy, $"slot '{claim.Spec.Slot}' did not answer within {ClaimTimeout.TotalSeconds:0} s; try again"));
        });
    }

    private PendingClaim EndClaim()
    {
        var claim = _claim!;
        _claim = null;
        Timers.Cancel(ClaimTimer);
        MoveTo(Stage.Serving);
        Stash.UnstashAll();
        return claim;
    }

    private void OnAdmit()
    {
        switch (TaskDecider.Admit(_state, Now))
        {
            case AdmitVerdict.GiveBack:
                ReleaseSlot();
                break;
            case AdmitVerdict.Start start:
                StartAttempt(start.Events);
                break;
        }
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
