using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.CancelAsync"/>: <see cref="Accepted"/>, <see cref="NotFound"/>,
/// <see cref="Conflict"/> (the expected resourceVersion is stale), <see cref="Rejected"/> (e.g. the task already
/// finished) or <see cref="Invalid"/> (the id is malformed).
/// </summary>
public abstract record CancelResult
{
    private CancelResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(
        Func<Accepted, TResult> accepted,
        Func<NotFound, TResult> notFound,
        Func<Conflict, TResult> conflict,
        Func<Rejected, TResult> rejected,
        Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(notFound);
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Accepted a => accepted(a),
            NotFound n => notFound(n),
            Conflict c => conflict(c),
            Rejected r => rejected(r),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(CancelResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The task is Canceled (or already was): the cancel is persisted, any scheduled attempt dropped, and a running
    /// attempt is being stopped. <paramref name="Task"/> is the task right after the cancel.
    /// </summary>
    public sealed record Accepted(TaskResource Task) : CancelResult;

    /// <summary>No task has the id <paramref name="Id"/>.</summary>
    public sealed record NotFound(TaskId Id) : CancelResult;

    /// <summary>
    /// The caller expected resourceVersion <paramref name="Expected"/> but the task is at <paramref name="Actual"/>;
    /// nothing changed. Get the task again, decide again, and retry with the new version.
    /// </summary>
    public sealed record Conflict(TaskId Id, long Expected, long Actual, string Message) : CancelResult;

    /// <summary>The cancel does not fit the task (<see cref="RejectionKind.WrongPhase"/>: it already finished); nothing changed.</summary>
    public sealed record Rejected(RejectionKind Kind, string Message) : CancelResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CancelResult;
}
