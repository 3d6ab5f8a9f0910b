using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Specs;

namespace TaskActors.Model.Resources;

/// <summary>
/// A task as clients see it: <c>metadata</c>, <c>spec</c> (desired) and <c>status</c> (observed); the seed's
/// <c>Task</c>, renamed to avoid <see cref="System.Threading.Tasks.Task"/>. Immutable; the transitions return a
/// new resource and are called only by <see cref="State.TaskState.Apply"/>, which also bumps the metadata.
/// </summary>
/// <param name="Metadata">Id, resourceVersion, timestamps.</param>
/// <param name="Spec">The desired state.</param>
/// <param name="Status">The observed state.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TaskJsonConverters.Resource))]
public sealed record TaskResource(ObjectMeta Metadata, TaskSpec Spec, TaskResourceStatus Status)
{
    /// <summary>The resource's <c>apiVersion</c>.</summary>
    public const string ApiVersion = "taskactors/v1";

    /// <summary>The resource's <c>kind</c>.</summary>
    public const string Kind = "Task";

    /// <summary>A new task: resourceVersion 1, Pending, attempt 0.</summary>
    public static TaskResource Create(TaskId id, TaskSpec spec, DateTimeOffset at) =>
        new(new ObjectMeta(id, 1, at, at), spec, TaskResourceStatus.Pending);

    /// <summary>The task id.</summary>
    public TaskId Id => Metadata.Id;

    /// <summary>The current phase.</summary>
    public TaskPhase Phase => Status.Phase;

    /// <summary>
    /// Terminal with nothing scheduled: no retry or periodic run is due, so nothing more happens unless a client asks
    /// (rerun). A Failed task waiting out its backoff is terminal for its phase but not settled.
    /// A damaged task (<see cref="TaskResourceStatus.Damage"/>) is settled whatever its phase: nothing of it runs again.
    /// </summary>
    public bool IsSettled => IsDamaged || (Phase.IsTerminal() && Status.NextAttemptAt is null);

    /// <summary>True when the task's stored history could not be read to its end (see <see cref="TaskResourceStatus.Damage"/>).</summary>
    public bool IsDamaged => Status.Damage is not null;

    /// <summary>The task as its readable history left it, marked damaged by <paramref name="damage"/>.</summary>
    public TaskResource WithDamage(TaskDamage damage) => this with { Status = Status with { Damage = damage ?? throw new ArgumentNullException(nameof(damage)) } };

    /// <summary>
    /// A new attempt starts: attempt + 1, phase Running, exit code, error and next-attempt time cleared.
    /// Allowed from Pending and from any terminal phase (a restart); never fails.
    /// </summary>
    public TaskResource TransitionStarting() =>
        this with { Status = new TaskResourceStatus(TaskPhase.Running, Status.Attempt + 1, null, null, null) };

    /// <summary>
    /// The current attempt finished in <paramref name="phase"/>. Rejects a non-terminal target with a
    /// <see cref="ModelException"/>. Sticky terminals: Succeeded, Canceled and Timeout are never overwritten by a
    /// different phase (a late event for the same attempt); Failed may be refined to Timeout or Exhausted, and
    /// Timeout to Exhausted.
    /// </summary>
    public TaskResource TransitionFinished(TaskPhase phase, string? error, int? exitCode)
    {
        if (!phase.IsTerminal())
        {
            throw new ModelException($"TransitionFinished requires a terminal phase, got {phase.ToWireName()}");
        }

        var current = Status.Phase;
        var sticky = current is TaskPhase.Succeeded or TaskPhase.Canceled ||
                     (current is TaskPhase.Timeout && phase is not TaskPhase.Exhausted);
        if (sticky && current != phase)
        {
            return this;
        }

        return this with { Status = Status with { Phase = phase, Error = error, ExitCode = exitCode } };
    }

    /// <summary>
    /// The task is canceled: phase Canceled with <paramref name="reason"/>, any scheduled next attempt dropped.
    /// Allowed while the task is Pending, Running, or waiting for a retry or periodic run.
    /// </summary>
    public TaskResource TransitionCanceled(string reason) =>
        this with { Status = Status with { Phase = TaskPhase.Canceled, Error = reason, NextAttemptAt = null } };

    /// <summary>The next attempt is due at <paramref name="dueAt"/> (a backoff or periodic wait).</summary>
    public TaskResource WithNextAttemptAt(DateTimeOffset? dueAt) => this with { Status = Status with { NextAttemptAt = dueAt } };
}
