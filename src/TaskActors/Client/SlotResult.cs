using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.SlotAsync"/>: <see cref="Found"/> (every well-formed slot name has a state: a
/// slot nobody used has no owner and an empty queue) or <see cref="Invalid"/> (the name is malformed).
/// </summary>
public abstract record SlotResult
{
    private SlotResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(Func<Found, TResult> found, Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Found f => found(f),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(SlotResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// The slot as its SlotActor holds it now: <paramref name="Owner"/> (the task that may run; null = free) and the
    /// tasks waiting in its <paramref name="Queue"/>, next first.
    /// </summary>
    public sealed record Found(Slot Slot, TaskId? Owner, IReadOnlyList<TaskId> Queue) : SlotResult;

    /// <summary>The slot name is malformed; <paramref name="Errors"/> says why (path <c>slot</c>).</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SlotResult;
}
