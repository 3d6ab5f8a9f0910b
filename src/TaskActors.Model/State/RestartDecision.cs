namespace TaskActors.Model.State;

/// <summary>What follows a finished attempt, as decided by <see cref="RestartDecider"/>.</summary>
public abstract record RestartDecision
{
    private protected RestartDecision()
    {
    }

    /// <summary>No further attempt: the task keeps the attempt's outcome (Succeeded, Failed, Timeout, Canceled).</summary>
    public static RestartDecision Finish { get; } = new FinishDecision();
}

/// <summary>No further attempt; the task settles in the attempt's outcome.</summary>
public sealed record FinishDecision : RestartDecision;

/// <summary>Start another attempt after <paramref name="DelayMs"/>, due at <paramref name="DueAt"/>.</summary>
/// <param name="Retry">n of the failure streak (0 = first retry), or 0 for a periodic run.</param>
/// <param name="DelayMs">The drawn delay.</param>
/// <param name="DueAt">The end of the last attempt + the delay.</param>
/// <param name="Reason">Failure backoff or periodic interval.</param>
public sealed record RetryDecision(int Retry, long DelayMs, DateTimeOffset DueAt, Events.RetryReason Reason) : RestartDecision;

/// <summary>The retry budget is spent: the task ends Exhausted with <paramref name="Reason"/>.</summary>
/// <param name="Reason">What ran out and the last error.</param>
public sealed record ExhaustDecision(string Reason) : RestartDecision;
