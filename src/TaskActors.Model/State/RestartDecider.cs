using System.Globalization;
using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;

namespace TaskActors.Model.State;

/// <summary>
/// The pure restart rule: given a task's state right after an attempt finished, says what comes next.
/// The TaskActor persists the attempt's end and this decision together.
/// </summary>
/// <remarks>
/// Rules, in order:
/// <list type="number">
/// <item>Canceled never restarts.</item>
/// <item>Interrupted (the node ended the attempt: graceful stop, crash recovery) with <c>onInterruption: retry</c>
/// (the default): a new attempt at once (reason Interruption), whatever the restart policy; the failure streak is
/// unchanged, so it does not count toward <c>maxRetries</c>. With <c>fail</c> it is a failure like any other.</item>
/// <item>Succeeded: <c>always</c> restarts after its interval (0 = at once, reason Periodic); otherwise finish.</item>
/// <item>Failed/Timeout with <c>never</c>: finish (Failed or Timeout, not Exhausted).</item>
/// <item>Failed/Timeout with <c>onFailure</c>/<c>always</c>: with the streak's failures f (1 for the first),
/// f - 1 retries have been used; if <c>maxRetries</c> is set and f - 1 &gt;= maxRetries, exhaust; else retry
/// n = f - 1 after <see cref="BackoffPolicy.Next"/>(n).</item>
/// </list>
/// The due time counts from the attempt's end (<c>AttemptFinished.At</c>), so periodic intervals are measured
/// from the end of the previous attempt.
/// </remarks>
public static class RestartDecider
{
    /// <summary>Decides what follows the attempt that <paramref name="finished"/> closed in <paramref name="state"/>.</summary>
    /// <param name="state">The task state after applying <paramref name="finished"/>.</param>
    /// <param name="finished">The attempt's end.</param>
    /// <param name="random">The source of jitter.</param>
    public static RestartDecision Decide(TaskState state, AttemptFinished finished, Random random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(finished);
        var resource = state.Resource ?? throw new Common.ModelException("cannot decide a restart for a task that does not exist");
        if (resource.Phase == TaskPhase.Canceled || finished.Outcome == TaskPhase.Canceled || state.IsDeleted)
        {
            return RestartDecision.Finish;
        }

        var spec = resource.Spec;
        if (finished.Interrupted && spec.OnInterruption == InterruptionPolicy.Retry)
        {
            return new RetryDecision(0, 0, finished.At, RetryReason.Interruption);
        }

        if (finished.Outcome == TaskPhase.Succeeded)
        {
            return spec.Restart is AlwaysRestart always
                ? Periodic(always.IntervalMs ?? 0, finished.At)
                : RestartDecision.Finish;
        }

        if (!spec.Restart.RestartsOnFailure)
        {
            return RestartDecision.Finish;
        }

        var retriesUsed = Math.Max(0, state.FailureStreak - 1);
        if (spec.MaxRetries is { } max && retriesUsed >= max)
        {
            return new ExhaustDecision(string.Create(
                CultureInfo.InvariantCulture,
                $"retry budget spent: {state.FailureStreak} failed attempt(s) in a row, maxRetries {max}; last error: {finished.Error ?? finished.Outcome.ToWireName()}"));
        }

        var delay = spec.Backoff.Next(retriesUsed, random);
        return new RetryDecision(retriesUsed, delay, finished.At.AddMilliseconds(delay), RetryReason.Failure);
    }

    /// <summary>
    /// The events that record an attempt's end and what follows it, to be persisted together:
    /// <c>AttemptFinished</c>, then <c>RetryScheduled</c> or <c>TaskExhausted</c> when the decision says so.
    /// </summary>
    public static IReadOnlyList<ITaskEvent> EventsForFinishedAttempt(TaskState state, AttemptFinished finished, Random random)
    {
        ArgumentNullException.ThrowIfNull(state);
        var after = state.Apply(finished);
        if (after.ActiveRun is not null || ReferenceEquals(after.Runs, state.Runs))
        {
            // A late duplicate: nothing follows it.
            return [finished];
        }

        return Decide(after, finished, random) switch
        {
            RetryDecision retry => [finished, new RetryScheduled(retry.Retry, retry.DelayMs, retry.DueAt, retry.Reason, finished.At)],
            ExhaustDecision exhaust => [finished, new TaskExhausted(exhaust.Reason, finished.At)],
            _ => [finished],
        };
    }

    private static RetryDecision Periodic(long intervalMs, DateTimeOffset end) =>
        new(0, intervalMs, end.AddMilliseconds(intervalMs), RetryReason.Periodic);
}
