using TaskActors.Model.Commands;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Slots;

/// <summary>What <see cref="SlotDecider.Claim"/> decided about a task's claim on a slot.</summary>
public abstract record ClaimDecision
{
    private ClaimDecision()
    {
    }

    /// <summary>
    /// The claim is granted: persist <paramref name="Events"/> (none for a repeated claim), then tell the claimant
    /// whether it starts now (<paramref name="Admitted"/>) or waits in the queue, and cancel
    /// <paramref name="ToCancel"/> (a replace cancels the owner and a displaced head).
    /// </summary>
    /// <param name="Events">The slot's events.</param>
    /// <param name="Admitted">True when the claimant owns the slot now.</param>
    /// <param name="ToCancel">Tasks to cancel after persisting, each with the reason they are told.</param>
    public sealed record Granted(IReadOnlyList<ISlotEvent> Events, bool Admitted, IReadOnlyList<SlotCancellation> ToCancel) : ClaimDecision;

    /// <summary>The claim is refused (SlotBusy, QueueFull); nothing changes.</summary>
    /// <param name="Rejection">Why.</param>
    public sealed record Refused(Rejection Rejection) : ClaimDecision;
}

/// <summary>A task a slot cancels after a replace, and the reason it records.</summary>
/// <param name="TaskId">The task to cancel.</param>
/// <param name="Reason">The reason (<see cref="SlotDecider.SupersededByReplace"/> for a displaced head).</param>
public sealed record SlotCancellation(TaskId TaskId, string Reason);
