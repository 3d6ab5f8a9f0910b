using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// Thrown by <see cref="ITaskClient.GetAsync"/> and <see cref="ITaskClient.RunsAsync"/> for a task whose stored history is
/// damaged before any readable <c>TaskCreated</c>, so there is no task to show: a fault of the store, not an expected
/// outcome. (A task damaged later is answered normally, with <see cref="TaskResourceStatus.Damage"/> set; changes to a
/// damaged task are refused with <see cref="Model.Commands.RejectionKind.Damaged"/>; a delete removes the history.)
/// </summary>
public sealed class TaskHistoryDamagedException : Exception
{
    /// <summary>Creates the exception for task <paramref name="id"/> damaged at <paramref name="damage"/>.</summary>
    public TaskHistoryDamagedException(TaskId id, TaskDamage damage)
        : base($"task '{id}': its stored history is damaged at {damage}")
    {
        Id = id;
        Damage = damage;
    }

    /// <summary>The task.</summary>
    public TaskId Id { get; }

    /// <summary>Where and why its history cannot be read.</summary>
    public TaskDamage Damage { get; }
}
