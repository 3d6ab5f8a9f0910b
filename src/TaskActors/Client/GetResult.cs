using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.GetAsync"/>: <see cref="Found"/>, <see cref="NotFound"/> or
/// <see cref="Invalid"/> (the id is malformed). Answered by the task itself, so it reflects every change this node
/// has acknowledged (read-your-writes).
/// </summary>
public abstract record GetResult
{
    private GetResult()
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
            _ => throw new InvalidOperationException($"unknown {nameof(GetResult)} {GetType().Name}"),
        };
    }

    /// <summary>The task exists; <paramref name="Task"/> is it as it is now.</summary>
    public sealed record Found(TaskResource Task) : GetResult;

    /// <summary>No task has the id <paramref name="Id"/> (never created, or deleted).</summary>
    public sealed record NotFound(TaskId Id) : GetResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why (path <c>metadata.id</c>).</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : GetResult;
}
