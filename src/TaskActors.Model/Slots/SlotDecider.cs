using TaskActors.Model.Commands;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;

namespace TaskActors.Model.Slots;

/// <summary>
/// The pure admission rules of a slot: what a claim, a release and a free slot do, as events for the SlotActor to
/// persist before it answers or acts.
/// </summary>
/// <remarks>
/// Rules:
/// <list type="bullet">
/// <item>The owner stays owner for its whole active life (running, waiting out a backoff, waiting for its next periodic
/// run) until it reports itself settled (<see cref="Release"/>).</item>
/// <item>A claim on an idle slot (no owner, nobody waiting) makes the claimant the owner: it starts now.</item>
/// <item>On a busy slot: <c>dropIfRunning</c> refuses with SlotBusy; <c>queue</c> appends to the queue (full at the
/// capacity: QueueFull, naming the limit); <c>replace</c> puts the claimant at the head of the queue, cancels the owner,
/// and cancels the head it displaces (reason <see cref="SupersededByReplace"/>).</item>
/// <item>A repeated claim by the owner or a queued task is granted again with nothing written (idempotent).</item>
/// <item>When the slot has no owner, the head of the queue becomes the owner (<see cref="AdmitNext"/>); so a replacing
/// task starts only after the owner it canceled has settled, i.e. after its attempt really stopped.</item>
/// </list>
/// </remarks>
public static class SlotDecider
{
    /// <summary>The cancel reason of a queued head displaced by a replacing submission.</summary>
    public const string SupersededByReplace = "SupersededByReplace";

    /// <summary>Decides a claim of <paramref name="slot"/> by <paramref name="taskId"/> with <paramref name="policy"/>.</summary>
    /// <param name="state">The slot's state.</param>
    /// <param name="slot">The slot's name (for messages).</param>
    /// <param name="taskId">The claimant.</param>
    /// <param name="policy">The claimant's admission policy.</param>
    /// <param name="queueCapacity">How many tasks may wait in the queue.</param>
    /// <returns>Granted (with the events to persist) or Refused.</returns>
    public static ClaimDecision Claim(SlotState state, Slot slot, TaskId taskId, AdmissionPolicy policy, int queueCapacity)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Owner == taskId)
        {
            return new ClaimDecision.Granted([], Admitted: true, []);
        }

        if (state.Queue.Contains(taskId))
        {
            return new ClaimDecision.Granted([], Admitted: false, []);
        }

        if (state.IsIdle)
        {
            return new ClaimDecision.Granted([new SlotOwnerAssigned(taskId)], Admitted: true, []);
        }

        var busy = state.Owner is { } owner
            ? $"slot '{slot}' is busy: owned by task '{owner}'"
            : $"slot '{slot}' is busy: {state.Queue.Count} task(s) wait for it";
        switch (policy)
        {
            case AdmissionPolicy.Queue when state.Queue.Count >= queueCapacity:
                return new ClaimDecision.Refused(new Rejection(RejectionKind.QueueFull,
                    $"{busy} and its queue is full ({state.Queue.Count}/{queueCapacity}; the limit is task-actors.runtime.slot-queue-capacity)"));
            case AdmissionPolicy.Queue:
                return new ClaimDecision.Granted([new SlotEnqueued(taskId, AtHead: false)], Admitted: false, []);
            case AdmissionPolicy.Replace:
                var displaced = state.Queue.Count > 0 ? state.Queue[0] : (TaskId?)null;
                List<ISlotEvent> events = displaced is { } head ? [new SlotDequeued(head)] : [];
                events.Add(new SlotEnqueued(taskId, AtHead: true));
                List<SlotCancellation> cancel = [];
                if (displaced is { } superseded)
                {
                    cancel.Add(new SlotCancellation(superseded, SupersededByReplace));
                }

                if (state.Owner is { } replaced)
                {
                    cancel.Add(new SlotCancellation(replaced, $"replaced by task '{taskId}'"));
                }

                return new ClaimDecision.Granted(events, Admitted: false, cancel);
            default:
                return new ClaimDecision.Refused(new Rejection(RejectionKind.SlotBusy, $"{busy} (admission dropIfRunning)"));
        }
    }

    /// <summary>
    /// The events when <paramref name="taskId"/> no longer needs the slot (settled, canceled while queued, gone): the
    /// owner is released, or a queued task leaves the queue; nothing for a task the slot does not know.
    /// </summary>
    /// <param name="state">The slot's state.</param>
    /// <param name="taskId">The task.</param>
    /// <returns>Zero or one event.</returns>
    public static IReadOnlyList<ISlotEvent> Release(SlotState state, TaskId taskId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Owner == taskId)
        {
            return [new SlotOwnerReleased(taskId)];
        }

        return state.Queue.Contains(taskId) ? [new SlotDequeued(taskId)] : [];
    }

    /// <summary>
    /// The event that makes the head of the queue the owner when the slot has none (the SlotActor then tells it to
    /// start); nothing when the slot is owned or nobody waits.
    /// </summary>
    /// <param name="state">The slot's state.</param>
    /// <returns>Zero or one <see cref="SlotOwnerAssigned"/>.</returns>
    public static IReadOnlyList<ISlotEvent> AdmitNext(SlotState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Owner is null && state.Queue.Count > 0 ? [new SlotOwnerAssigned(state.Queue[0])] : [];
    }
}
