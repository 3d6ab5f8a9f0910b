using TaskActors.Model.Identity;

namespace TaskActors.Model.Slots;

/// <summary>
/// A fact in a slot's journal (persistence id <c>slot-{name}</c>), decided by <see cref="SlotDecider"/> and folded by
/// <see cref="SlotState.Apply"/>. The runtime stores them as JSON under versioned manifests (<c>slot-*.v1</c>), ids as
/// plain strings.
/// </summary>
public interface ISlotEvent;

/// <summary>The task became the slot's owner.</summary>
/// <param name="TaskId">The task.</param>
public sealed record SlotOwnerAssigned(TaskId TaskId) : ISlotEvent;

/// <summary>The owner settled (or vanished); the slot is free for the next in line.</summary>
/// <param name="TaskId">The task.</param>
public sealed record SlotOwnerReleased(TaskId TaskId) : ISlotEvent;

/// <summary>The task joined the queue, at its end or (for a replace) at its head.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="AtHead">True for a replacing submission.</param>
public sealed record SlotEnqueued(TaskId TaskId, bool AtHead) : ISlotEvent;

/// <summary>The task left the queue without becoming owner (canceled, displaced by a replace, vanished).</summary>
/// <param name="TaskId">The task.</param>
public sealed record SlotDequeued(TaskId TaskId) : ISlotEvent;

/// <summary>A snapshot of the slot: its owner and queue.</summary>
/// <param name="Owner">The owner, or null.</param>
/// <param name="Queue">The queue, first in line first.</param>
public sealed record SlotSnapshot(TaskId? Owner, IReadOnlyList<TaskId> Queue) : ISlotEvent;
