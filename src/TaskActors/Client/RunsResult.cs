using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.RunsAsync"/>: <see cref="Found"/> with the task's attempts, oldest first,
/// <see cref="NotFound"/>, or <see cref="Invalid"/> (the id is malformed).
/// </summary>
public abstract record RunsResult
{
    private RunsResult()
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
            _ => throw new InvalidOperationException($"unknown {nameof(RunsResult)} {GetType().Name}"),
        };
    }

    /// <summary>The task <paramref name="Id"/> exists; <paramref name="Runs"/> are its run records, oldest first (empty before the first attempt).</summary>
    public sealed record Found(TaskId Id, IReadOnlyList<TaskRun> Runs) : RunsResult;

    /// <summary>No task has the id <paramref name="Id"/>.</summary>
    public sealed record NotFound(TaskId Id) : RunsResult;

    /// <summary>The id is not a valid task id; <paramref name="Errors"/> says why.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : RunsResult;
}
