namespace TaskActors.Model.Resources;

/// <summary>
/// The observed state of a task (the <c>status</c> section; the seed's <c>TaskStatus</c>, renamed to avoid
/// <see cref="System.Threading.Tasks.TaskStatus"/>).
/// </summary>
/// <param name="Phase">The current phase.</param>
/// <param name="Attempt">The number of the last attempt started (0 before the first).</param>
/// <param name="ExitCode">The last attempt's exit code, if it had one.</param>
/// <param name="Error">Why the last attempt or the task ended badly, if it did.</param>
/// <param name="NextAttemptAt">When the next attempt is due (a backoff or periodic wait), if one is scheduled.</param>
public sealed record TaskResourceStatus(TaskPhase Phase, int Attempt, int? ExitCode, string? Error, DateTimeOffset? NextAttemptAt)
{
    /// <summary>
    /// Set when the task's stored history could not be read to its end (<c>status.damage</c>; absent otherwise): the
    /// other fields are what the readable events before it gave. A flag beside the phase, not a phase: the phase stays
    /// the last one recorded.
    /// </summary>
    public TaskDamage? Damage { get; init; }

    /// <summary>A new task: Pending, no attempt yet.</summary>
    public static TaskResourceStatus Pending { get; } = new(TaskPhase.Pending, 0, null, null, null);
}
