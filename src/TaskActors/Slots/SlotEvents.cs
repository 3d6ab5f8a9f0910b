namespace TaskActors.Slots;

/// <summary>Marker of what a SlotActor persists (serialized by <see cref="Serialization.RuntimeRecordSerializer"/>).</summary>
public interface ISlotEvent;

/// <summary>The task became the slot's owner.</summary>
/// <param name="TaskId">The task id.</param>
public sealed record SlotOwnerAssigned(string TaskId) : ISlotEvent;

/// <summary>The owner settled (or vanished); the slot is free for the next in line.</summary>
/// <param name="TaskId">The task id.</param>
public sealed record SlotOwnerReleased(string TaskId) : ISlotEvent;

/// <summary>The task joined the queue, at its end or (for a replace) at its head.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="AtHead">True for a replacing submission.</param>
public sealed record SlotEnqueued(string TaskId, bool AtHead) : ISlotEvent;

/// <summary>The task left the queue without becoming owner (canceled, displaced by a replace, vanished).</summary>
/// <param name="TaskId">The task id.</param>
public sealed record SlotDequeued(string TaskId) : ISlotEvent;

/// <summary>A snapshot of the slot.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Queue">The queue.</param>
public sealed record SlotSnapshot(string? Owner, IReadOnlyList<string> Queue) : ISlotEvent;
