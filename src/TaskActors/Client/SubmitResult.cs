using System.Diagnostics.CodeAnalysis;
using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.SubmitAsync"/>: exactly one of <see cref="Accepted"/>,
/// <see cref="AlreadyExists"/>, <see cref="Rejected"/> or <see cref="Invalid"/>. Switch on it
/// (<c>result switch { SubmitResult.Accepted a =&gt; ..., ... }</c>) or call <see cref="Match{TResult}"/>.
/// </summary>
public abstract record SubmitResult
{
    private SubmitResult()
    {
    }

    /// <summary>
    /// Gets the task when the submission created it (<see cref="Accepted"/>) or found it already there
    /// (<see cref="AlreadyExists"/>); false for <see cref="Rejected"/> and <see cref="Invalid"/>.
    /// </summary>
    public bool TryGetTask([NotNullWhen(true)] out TaskResource? task)
    {
        task = this switch
        {
            Accepted accepted => accepted.Task,
            AlreadyExists existing => existing.Task,
            _ => null,
        };
        return task is not null;
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(
        Func<Accepted, TResult> accepted,
        Func<AlreadyExists, TResult> alreadyExists,
        Func<Rejected, TResult> rejected,
        Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(alreadyExists);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Accepted a => accepted(a),
            AlreadyExists e => alreadyExists(e),
            Rejected r => rejected(r),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(SubmitResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The task was created and persisted: it is running, queued in its slot (<see cref="TaskPhase.Pending"/>), or
    /// waiting for its first attempt. <paramref name="Task"/> is the task right after the submission.
    /// </summary>
    public sealed record Accepted(TaskResource Task) : SubmitResult;

    /// <summary>
    /// A task with this id exists already; nothing changed (submitting is idempotent per id).
    /// <paramref name="Task"/> is that task as it is now, whatever its spec.
    /// </summary>
    public sealed record AlreadyExists(TaskResource Task) : SubmitResult;

    /// <summary>
    /// The spec is valid but cannot be taken now or here: <paramref name="Kind"/> says why (the slot is busy under
    /// <c>dropIfRunning</c>, the slot's queue is full, no runner or handler on this node, the id was retired, ...),
    /// <paramref name="Message"/> in words. Nothing was stored.
    /// </summary>
    public sealed record Rejected(RejectionKind Kind, string Message) : SubmitResult;

    /// <summary>
    /// The id or the spec broke rules; every broken rule is listed with its path (<c>metadata.id</c>,
    /// <c>spec.timeoutMs</c>, ...) and what is allowed. Nothing was stored.
    /// </summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SubmitResult;
}
