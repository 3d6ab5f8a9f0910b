using TaskActors.Model.Identity;

namespace TaskActors.Persistence;

/// <summary>
/// The persistence ids under which the runtime journals its entities, for tools that read a store's journal
/// (the command's readers, benchmarks, tests): one journal per task, per slot, and one for the task region.
/// </summary>
public static class PersistenceIds
{
    /// <summary>The prefix of every task's persistence id.</summary>
    public const string TaskPrefix = "task-";

    /// <summary>The prefix of every slot's persistence id.</summary>
    public const string SlotPrefix = "slot-";

    /// <summary>The task region's persistence id (outside the <c>task-</c> namespace, so no task id collides with it).</summary>
    public const string Region = "taskactors-region";

    /// <summary>The persistence id of task <paramref name="id"/>: <c>task-{id}</c>.</summary>
    public static string Task(TaskId id) => TaskPrefix + id.Value;

    /// <summary>The persistence id of slot <paramref name="slot"/>: <c>slot-{name}</c>.</summary>
    public static string Slot(Slot slot) => SlotPrefix + slot.Value;
}
