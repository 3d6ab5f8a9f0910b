using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Persistence;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.EventsAsync"/>: <see cref="Found"/> with the task's journal (the audit trail),
/// <see cref="NotFound"/>, or <see cref="Invalid"/> (the id is malformed).
/// </summary>
public abstract record EventsResult
{
    private EventsResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(Func<Found, TResult> found, Func<NotFound, TResult> notFound, Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(notFound);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Found f => found(f),
            NotFound n => notFound(n),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(EventsResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The task <paramref name="Id"/> exists; <paramref name="Events"/> are its kept journal events, oldest first, with
    /// consecutive sequence numbers (each the task's resourceVersion after it). The first is <c>TaskCreated</c> until the
    /// journal retention (<c>task-actors.runtime.retain-runs</c>) deleted the events older than the task's snapshot and its
    /// last runs; then it starts above 1.
    /// </summary>
    public sealed record Found(TaskId Id, IReadOnlyList<JournalEntry> Events) : EventsResult;

    /// <summary>No task has the id <paramref name="Id"/> (never created, or deleted).</summary>
    public sealed record NotFound(TaskId Id) : EventsResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : EventsResult;
}
