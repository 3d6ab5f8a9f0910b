using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Slots;

/// <summary>
/// The admission state of one slot: its owner (at most one active task) and the FIFO queue of tasks waiting for it.
/// Immutable; only <see cref="Apply"/> changes it, and <see cref="SlotDecider"/> decides what a claim or a release
/// does to it.
/// </summary>
/// <param name="Owner">The task that owns the slot, or null when the slot is free.</param>
/// <param name="Queue">Tasks waiting, first in line first; never holds the owner or an id twice.</param>
public sealed record SlotState(TaskId? Owner, ValueList<TaskId> Queue)
{
    /// <summary>A free slot with an empty queue.</summary>
    public static SlotState Empty { get; } = new(null, ValueList<TaskId>.Empty);

    /// <summary>True when the slot has no owner and nobody waits.</summary>
    public bool IsIdle => Owner is null && Queue.Count == 0;

    /// <summary>Returns the state after <paramref name="event"/>.</summary>
    public SlotState Apply(ISlotEvent @event) => @event switch
    {
        SlotOwnerAssigned e => new SlotState(e.TaskId, Without(e.TaskId)),
        SlotOwnerReleased e => Owner == e.TaskId ? this with { Owner = null } : this,
        SlotEnqueued e when Queue.Contains(e.TaskId) || Owner == e.TaskId => this,
        SlotEnqueued e => this with { Queue = e.AtHead ? ValueList<TaskId>.From([e.TaskId, .. Queue]) : Queue.Add(e.TaskId) },
        SlotDequeued e => this with { Queue = Without(e.TaskId) },
        SlotSnapshot s => new SlotState(s.Owner, ValueList<TaskId>.From(s.Queue)),
        _ => throw new ModelException($"unknown slot event {@event?.GetType().Name}"),
    };

    private ValueList<TaskId> Without(TaskId id) => ValueList<TaskId>.From(Queue.Where(q => q != id));
}
