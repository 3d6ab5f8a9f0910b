using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.RerunAsync"/>: <see cref="Accepted"/>, <see cref="NotFound"/>,
/// <see cref="Rejected"/> (the task is still active, or its slot is busy) or <see cref="Invalid"/> (the id is malformed).
/// </summary>
public abstract record RerunResult
{
    private RerunResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(
        Func<Accepted, TResult> accepted,
        Func<NotFound, TResult> notFound,
        Func<Rejected, TResult> rejected,
        Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(notFound);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Accepted a => accepted(a),
            NotFound n => notFound(n),
            Rejected r => rejected(r),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(RerunResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The settled task runs again as a new failure streak (attempt numbers continue); <paramref name="Task"/> is the
    /// task right after the rerun was persisted.
    /// </summary>
    public sealed record Accepted(TaskResource Task) : RerunResult;

    /// <summary>No task has the id <paramref name="Id"/>.</summary>
    public sealed record NotFound(TaskId Id) : RerunResult;

    /// <summary>The rerun cannot happen now (<see cref="RejectionKind.WrongPhase"/>: the task is still active; or its slot refused it); nothing changed.</summary>
    public sealed record Rejected(RejectionKind Kind, string Message) : RerunResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : RerunResult;
}
