using TaskActors.Model.Common;

namespace TaskActors.Queries;

/// <summary>
/// Thrown by <see cref="TaskIndexClient.WatchAsync"/>'s enumeration when the watch cannot start (the query is invalid:
/// <see cref="Errors"/>) or ends before the consumer stops (<see cref="Overflowed"/>: the consumer fell behind; else
/// the task was deleted or the node is stopping). <see cref="Exception.Message"/> says which.
/// </summary>
public sealed class TaskWatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskWatchException(string message, bool overflowed = false, IReadOnlyList<FieldError>? errors = null)
        : base(message)
    {
        Overflowed = overflowed;
        Errors = errors ?? [];
    }

    /// <summary>Creates the exception (serialization-style constructor shape).</summary>
    public TaskWatchException()
        : this("the watch ended")
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskWatchException(string message)
        : this(message, false, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TaskWatchException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>True when the consumer fell behind (<see cref="QueryProtocol.WatchOverflowed"/>): re-list and watch again.</summary>
    public bool Overflowed { get; }

    /// <summary>The query's errors, when the watch could not start.</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
