namespace TaskActors.Model.Commands;

/// <summary>Why a command was refused (carried by <see cref="Rejection"/> and the client's <c>Rejected</c> results).</summary>
public enum RejectionKind
{
    /// <summary>No runner on this node can run the workload, or none matches the runner selector.</summary>
    NoRunner,

    /// <summary>The handler name is not registered.</summary>
    UnknownHandler,

    /// <summary>The slot is busy and the admission policy is dropIfRunning.</summary>
    SlotBusy,

    /// <summary>The slot's queue is full.</summary>
    QueueFull,

    /// <summary>The command does not fit the task's phase (e.g. rerun of an active task, cancel of a finished one).</summary>
    WrongPhase,

    /// <summary>The id belonged to a deleted task; ids are never reused.</summary>
    IdRetired,

    /// <summary>The node is shutting down.</summary>
    ShuttingDown,

    /// <summary>The task's stored history cannot be read to its end (see <see cref="Resources.TaskDamage"/>); it refuses every change.</summary>
    Damaged,
}
