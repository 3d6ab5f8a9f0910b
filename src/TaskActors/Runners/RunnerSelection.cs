namespace TaskActors.Runners;

/// <summary>
/// The runner <see cref="RunnerSet.Resolve"/> chose for a spec, or why there is none (for a Pending task's status
/// message and logs).
/// </summary>
/// <param name="Runner">The chosen runner, or null.</param>
/// <param name="Reason">Why none was chosen; null when <paramref name="Runner"/> is set.</param>
public sealed record RunnerSelection(ITaskRunner? Runner, string? Reason)
{
    /// <summary>True when a runner was chosen.</summary>
    public bool IsSelected => Runner is not null;
}
