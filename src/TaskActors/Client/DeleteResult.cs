using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.DeleteAsync"/>: <see cref="Deleted"/>, <see cref="NotFound"/>,
/// <see cref="Conflict"/> (the expected resourceVersion is stale) or <see cref="Invalid"/> (the id is malformed).
/// </summary>
public abstract record DeleteResult
{
    private DeleteResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(Func<Deleted, TResult> deleted, Func<NotFound, TResult> notFound, Func<Conflict, TResult> conflict, Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(deleted);
        ArgumentNullException.ThrowIfNull(notFound);
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Deleted d => deleted(d),
            NotFound n => notFound(n),
            Conflict c => conflict(c),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(DeleteResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The task <paramref name="Id"/> is gone: a running attempt was stopped, its events and runs are removed, and
    /// the id is retired (a later submit with it is rejected <see cref="Model.Commands.RejectionKind.IdRetired"/>).
    /// </summary>
    public sealed record Deleted(TaskId Id) : DeleteResult;

    /// <summary>No task has the id <paramref name="Id"/> (never created, or already deleted).</summary>
    public sealed record NotFound(TaskId Id) : DeleteResult;

    /// <summary>
    /// The caller expected resourceVersion <paramref name="Expected"/> but the task is at <paramref name="Actual"/>;
    /// nothing changed.
    /// </summary>
    public sealed record Conflict(TaskId Id, long Expected, long Actual, string Message) : DeleteResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : DeleteResult;
}
