using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;

namespace TaskActors.Model.Commands;

/// <summary>
/// What <see cref="TaskDecider"/> decided about a client's command to a task: events to persist, a slot to claim first,
/// nothing to change, or why not. The TaskActor persists what was decided, acts after persisting, and replies.
/// </summary>
public abstract record CommandVerdict
{
    private CommandVerdict()
    {
    }

    /// <summary>Persist <paramref name="Events"/> (atomically), then answer with the task after them.</summary>
    /// <param name="Events">The events, in order.</param>
    public sealed record Persist(IReadOnlyList<ITaskEvent> Events) : CommandVerdict;

    /// <summary>The command may go ahead once the task's slot admits it (submit, rerun): claim the slot first.</summary>
    public sealed record ClaimSlot : CommandVerdict
    {
        /// <summary>The one instance.</summary>
        public static ClaimSlot Instance { get; } = new();
    }

    /// <summary>The command is already fulfilled: answer with <paramref name="Task"/>, write nothing.</summary>
    /// <param name="Task">The task as it is.</param>
    public sealed record Unchanged(TaskResource Task) : CommandVerdict;

    /// <summary>A submit for an id that exists: answer with the existing <paramref name="Task"/>, write nothing.</summary>
    /// <param name="Task">The existing task.</param>
    public sealed record AlreadyExists(TaskResource Task) : CommandVerdict;

    /// <summary>There is no such task (never created, or deleted).</summary>
    public sealed record NotFound : CommandVerdict
    {
        /// <summary>The one instance.</summary>
        public static NotFound Instance { get; } = new();
    }

    /// <summary>The caller expected resourceVersion <paramref name="Expected"/>; the task is at <paramref name="Actual"/>.</summary>
    /// <param name="Expected">The version the caller last saw.</param>
    /// <param name="Actual">The task's version.</param>
    /// <param name="Message">What to do about it.</param>
    public sealed record Conflict(long Expected, long Actual, string Message) : CommandVerdict;

    /// <summary>The spec breaks rules; every broken rule with its path.</summary>
    /// <param name="Errors">The errors.</param>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CommandVerdict;

    /// <summary>The command cannot be carried out; <paramref name="Rejection"/> says why.</summary>
    /// <param name="Rejection">The kind and the message.</param>
    public sealed record Refused(Rejection Rejection) : CommandVerdict;
}
