namespace TaskActors.Model.Policies;

/// <summary>
/// When a task starts another attempt after one finishes. Serialized as <c>{"type":"never"}</c>,
/// <c>{"type":"onFailure"}</c> or <c>{"type":"always","intervalMs":60000}</c>.
/// </summary>
/// <remarks>
/// Cancel never restarts. Failed and Timeout are failures; the spec's <c>maxRetries</c> bounds the
/// retries of one failure streak, and a success resets the streak.
/// </remarks>
public abstract record RestartPolicy
{
    private protected RestartPolicy()
    {
    }

    /// <summary>One attempt; a failure ends the task Failed.</summary>
    public static RestartPolicy Never { get; } = new NeverRestart();

    /// <summary>Retry Failed and Timeout attempts after a backoff; a success ends the task Succeeded.</summary>
    public static RestartPolicy OnFailure { get; } = new OnFailureRestart();

    /// <summary>Restart after a failure (with backoff) and after a success (at once).</summary>
    public static RestartPolicy Always { get; } = new AlwaysRestart(null);

    /// <summary>Restart after a failure (with backoff) and <paramref name="intervalMs"/> after the end of a success.</summary>
    public static RestartPolicy Periodic(long intervalMs) => new AlwaysRestart(intervalMs);

    /// <summary>The JSON <c>type</c> of this policy.</summary>
    public abstract string TypeName { get; }

    /// <summary>True when a failed or timed-out attempt may be followed by another.</summary>
    public abstract bool RestartsOnFailure { get; }

    /// <summary>True when a successful attempt is followed by another.</summary>
    public abstract bool RestartsOnSuccess { get; }
}

/// <summary>Run once. See <see cref="RestartPolicy.Never"/>.</summary>
public sealed record NeverRestart : RestartPolicy
{
    /// <inheritdoc />
    public override string TypeName => "never";

    /// <inheritdoc />
    public override bool RestartsOnFailure => false;

    /// <inheritdoc />
    public override bool RestartsOnSuccess => false;
}

/// <summary>Retry failures. See <see cref="RestartPolicy.OnFailure"/>.</summary>
public sealed record OnFailureRestart : RestartPolicy
{
    /// <inheritdoc />
    public override string TypeName => "onFailure";

    /// <inheritdoc />
    public override bool RestartsOnFailure => true;

    /// <inheritdoc />
    public override bool RestartsOnSuccess => false;
}

/// <summary>Always restart; with <see cref="IntervalMs"/> the task is periodic (interval measured from the end of the previous attempt).</summary>
/// <param name="IntervalMs">Wait after a successful attempt, in milliseconds; null restarts at once.</param>
public sealed record AlwaysRestart(long? IntervalMs) : RestartPolicy
{
    /// <inheritdoc />
    public override string TypeName => "always";

    /// <inheritdoc />
    public override bool RestartsOnFailure => true;

    /// <inheritdoc />
    public override bool RestartsOnSuccess => true;
}
