using TaskActors.Model.Policies;

namespace TaskActors.Slots;

/// <summary>
/// The admission state of one slot: its owner (at most one active task) and the FIFO queue of tasks waiting for
/// it. Immutable; only <see cref="Apply"/> changes it, and <see cref="Decide"/> is the pure admission rule.
/// </summary>
/// <remarks>
/// Rules: the owner stays owner for its whole active life (running, waiting out a backoff, waiting for its next
/// periodic run) until it reports itself settled; <c>dropIfRunning</c> rejects a newcomer to a busy slot with
/// SlotBusy; <c>queue</c> appends (beyond the capacity: QueueFull); <c>replace</c> puts the newcomer at the head of
/// the queue (a head it displaces ends Canceled with SupersededByReplace) and cancels the owner, and the newcomer
/// is admitted only when the owner has settled — its attempt really stopped.
/// </remarks>
/// <param name="Owner">The task that owns the slot, or null when the slot is free.</param>
/// <param name="Queue">Tasks waiting, first in line first.</param>
public sealed record SlotState(string? Owner, IReadOnlyList<string> Queue)
{
    /// <summary>A free slot with an empty queue.</summary>
    public static SlotState Empty { get; } = new(null, []);

    /// <summary>True when the slot has no owner and nobody waits.</summary>
    public bool IsIdle => Owner is null && Queue.Count == 0;

    /// <summary>Returns the state after <paramref name="event"/>.</summary>
    public SlotState Apply(ISlotEvent @event) => @event switch
    {
        SlotOwnerAssigned e => new SlotState(e.TaskId, [.. Queue.Where(q => q != e.TaskId)]),
        SlotOwnerReleased e => Owner == e.TaskId ? this with { Owner = null } : this,
        SlotEnqueued e when Queue.Contains(e.TaskId) => this,
        SlotEnqueued e => this with { Queue = e.AtHead ? [e.TaskId, .. Queue] : [.. Queue, e.TaskId] },
        SlotDequeued e => this with { Queue = [.. Queue.Where(q => q != e.TaskId)] },
        SlotSnapshot s => new SlotState(s.Owner, s.Queue),
        _ => this,
    };

    /// <summary>Decides what a claim of <paramref name="taskId"/> with <paramref name="policy"/> does to this slot.</summary>
    public SlotDecision Decide(string slot, string taskId, AdmissionPolicy policy, int queueCapacity)
    {
        if (Owner == taskId)
        {
            return new SlotDecision.AlreadyOwner();
        }

        if (Queue.Contains(taskId))
        {
            return new SlotDecision.AlreadyQueued();
        }

        if (IsIdle)
        {
            return new SlotDecision.Own();
        }

        var busy = Owner is null ? $"slot '{slot}' is busy: {Queue.Count} task(s) wait for it" : $"slot '{slot}' is busy: owned by task '{Owner}'";
        return policy switch
        {
            AdmissionPolicy.DropIfRunning => new SlotDecision.Reject(Tasks.RejectionKind.SlotBusy, $"{busy} (admission dropIfRunning)"),
            AdmissionPolicy.Queue when Queue.Count >= queueCapacity =>
                new SlotDecision.Reject(Tasks.RejectionKind.QueueFull, $"{busy} and its queue is full ({Queue.Count}/{queueCapacity})"),
            AdmissionPolicy.Queue => new SlotDecision.Enqueue(),
            AdmissionPolicy.Replace => new SlotDecision.Replace(Owner, Queue.Count > 0 ? Queue[0] : null),
            _ => new SlotDecision.Reject(Tasks.RejectionKind.SlotBusy, busy),
        };
    }
}

/// <summary>The outcome of <see cref="SlotState.Decide"/>.</summary>
public abstract record SlotDecision
{
    private SlotDecision()
    {
    }

    /// <summary>The slot is free: the claimant becomes the owner and starts at once.</summary>
    public sealed record Own : SlotDecision;

    /// <summary>The claimant waits at the end of the queue.</summary>
    public sealed record Enqueue : SlotDecision;

    /// <summary>The claimant goes to the head of the queue; <paramref name="DisplacedHead"/> is canceled (SupersededByReplace) and <paramref name="OwnerToCancel"/> is canceled.</summary>
    public sealed record Replace(string? OwnerToCancel, string? DisplacedHead) : SlotDecision;

    /// <summary>The claim is refused.</summary>
    public sealed record Reject(Tasks.RejectionKind Kind, string Message) : SlotDecision;

    /// <summary>The claimant already owns the slot (a repeated claim).</summary>
    public sealed record AlreadyOwner : SlotDecision;

    /// <summary>The claimant already waits in the queue (a repeated claim).</summary>
    public sealed record AlreadyQueued : SlotDecision;
}
