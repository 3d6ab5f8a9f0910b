namespace TaskActors.Model.Resources;

/// <summary>
/// The phase of a task (and of one attempt, in a <see cref="TaskRun"/>). Serialized lowercase.
/// Terminal: Succeeded, Failed, Timeout, Canceled, Exhausted. Active: Pending, Running.
/// </summary>
/// <remarks>
/// A terminal task may still start another attempt when its restart policy says so; only
/// <see cref="Canceled"/> and <see cref="Exhausted"/> never restart without a rerun.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TaskJsonConverters.Phase))]
public enum TaskPhase
{
    /// <summary>Created, no attempt running yet (or rerun requested).</summary>
    Pending,

    /// <summary>An attempt is running.</summary>
    Running,

    /// <summary>The last attempt exited successfully.</summary>
    Succeeded,

    /// <summary>The last attempt failed (non-zero exit, exception, signal, could not start, interrupted).</summary>
    Failed,

    /// <summary>The last attempt ran past the spec's timeout and was stopped.</summary>
    Timeout,

    /// <summary>Canceled by a client, by delete, or by a replacing submission in its slot.</summary>
    Canceled,

    /// <summary>The retry budget (maxRetries) of a failure streak ran out.</summary>
    Exhausted,
}

/// <summary>Helpers on <see cref="TaskPhase"/>.</summary>
public static class TaskPhaseExtensions
{
    /// <summary>All phases, in declaration order.</summary>
    public static IReadOnlyList<TaskPhase> All { get; } = Enum.GetValues<TaskPhase>();

    /// <summary>True for Succeeded, Failed, Timeout, Canceled and Exhausted.</summary>
    public static bool IsTerminal(this TaskPhase phase) => phase is not (TaskPhase.Pending or TaskPhase.Running);

    /// <summary>True for Pending and Running.</summary>
    public static bool IsActive(this TaskPhase phase) => !phase.IsTerminal();

    /// <summary>True for the phases a finished attempt may end in: Succeeded, Failed, Timeout, Canceled.</summary>
    public static bool IsAttemptOutcome(this TaskPhase phase) =>
        phase is TaskPhase.Succeeded or TaskPhase.Failed or TaskPhase.Timeout or TaskPhase.Canceled;

    /// <summary>True for the outcomes a restart policy treats as failures: Failed and Timeout.</summary>
    public static bool IsFailure(this TaskPhase phase) => phase is TaskPhase.Failed or TaskPhase.Timeout;

    /// <summary>The lowercase wire name (<c>pending</c>, <c>running</c>, ...).</summary>
    public static string ToWireName(this TaskPhase phase) => phase switch
    {
        TaskPhase.Pending => "pending",
        TaskPhase.Running => "running",
        TaskPhase.Succeeded => "succeeded",
        TaskPhase.Failed => "failed",
        TaskPhase.Timeout => "timeout",
        TaskPhase.Canceled => "canceled",
        TaskPhase.Exhausted => "exhausted",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a phase name, trimmed and case-insensitive; false when unknown.</summary>
    public static bool TryParse(string? text, out TaskPhase phase)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWireName(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                phase = candidate;
                return true;
            }
        }

        phase = default;
        return false;
    }

    /// <summary>The wire names of all phases, comma separated, for error messages.</summary>
    public static string AllowedNames => string.Join(", ", All.Select(p => p.ToWireName()));
}
