using TaskActors.Model.Commands;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;

namespace TaskActors.Slots;

/// <summary>
/// The messages between TaskActors and the SlotActor of their slot. Clients never talk to slots: a task claims its
/// slot when it is submitted or rerun, and tells the slot when it is settled.
/// </summary>
internal static class SlotProtocol
{
    /// <summary>Marker of what a SlotActor accepts.</summary>
    public interface ISlotCommand;

    /// <summary>Addresses <paramref name="Message"/> to the SlotActor of <paramref name="Slot"/> (created on demand).</summary>
    public sealed record SlotEnvelope(Slot Slot, ISlotCommand Message);

    /// <summary>
    /// TaskActor → slot, before the task is created or rerun: may <paramref name="TaskId"/> own the slot?
    /// Answered with <see cref="ClaimGranted"/> or <see cref="ClaimRejected"/>; the slot persists its decision first.
    /// </summary>
    public sealed record Claim(TaskId TaskId, AdmissionPolicy Policy) : ISlotCommand;

    /// <summary>The claim is granted: <paramref name="Admitted"/> true = start now (owner), false = wait in the queue.</summary>
    public sealed record ClaimGranted(TaskId TaskId, bool Admitted);

    /// <summary>The claim is refused (SlotBusy, QueueFull).</summary>
    public sealed record ClaimRejected(TaskId TaskId, Rejection Rejection);

    /// <summary>TaskActor → slot: this task is settled (or gone); if it owned the slot, the next in line is admitted.</summary>
    public sealed record Released(TaskId TaskId) : ISlotCommand;

    /// <summary>TaskActor → slot, after a restart: this task waits in the queue (wakes the slot so it checks its owner).</summary>
    public sealed record Waiting(TaskId TaskId) : ISlotCommand;

    /// <summary>Ask a slot for its state; answered with <see cref="SlotView"/>.</summary>
    public sealed record GetSlot : ISlotCommand
    {
        /// <summary>The one instance.</summary>
        public static GetSlot Instance { get; } = new();
    }

    /// <summary>A slot's owner and queue.</summary>
    public sealed record SlotView(Slot Slot, TaskId? Owner, IReadOnlyList<TaskId> Queue);
}
