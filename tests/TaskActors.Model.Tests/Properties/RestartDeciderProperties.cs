using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

public sealed class RestartDeciderProperties
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static (TaskState State, AttemptFinished Finished) FinishedAttempt(TaskSpec spec, TaskPhase outcome, int failuresBefore)
    {
        var state = TaskState.Empty.Apply(new TaskCreated(new TaskId("t"), spec, Start));
        var at = Start;
        for (var attempt = 1; attempt <= failuresBefore; attempt++)
        {
            state = state.Apply(new AttemptStarted(attempt, at = at.AddSeconds(1)))
                .Apply(new AttemptFinished(attempt, TaskPhase.Failed, at = at.AddSeconds(1)));
        }

        var last = failuresBefore + 1;
        var finished = new AttemptFinished(last, outcome, at.AddSeconds(2), Error: "e");
        return (state.Apply(new AttemptStarted(last, at.AddSeconds(1))), finished);
    }

    /// <summary>
    /// Whatever durations the validator accepts (timeoutMs, restart.intervalMs, the backoff — up to its cap), the runtime
    /// must be able to use: the timeout as a TimeSpan, and a retry's due time as a DateTimeOffset. Regression test: the
    /// validator once accepted any positive long, and a huge interval or backoff made RestartDecider throw.
    /// </summary>
    [ScaledProperty]
    public Property Every_valid_spec_has_a_usable_timeout_and_restart_decisions() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(extremeDurations: true), ArbMap.Default.ArbFor<int>(), (spec, seed) =>
        {
            Assert.Empty(TaskSpecValidator.Validate(spec));
            _ = spec.Timeout;
            foreach (var outcome in new[] { TaskPhase.Succeeded, TaskPhase.Failed, TaskPhase.Timeout })
            {
                var (running, finished) = FinishedAttempt(spec, outcome, failuresBefore: 0);
                _ = RestartDecider.EventsForFinishedAttempt(running, finished, new Random(seed));
            }
        });

    [ScaledProperty]
    public Property A_retry_is_due_at_the_end_of_the_attempt_plus_a_delay_within_the_backoff_bounds() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(extremeDurations: false), Gen.Choose(0, 12).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (spec, failuresBefore, seed) =>
        {
            var (running, finished) = FinishedAttempt(spec, TaskPhase.Failed, failuresBefore);
            var state = running.Apply(finished);

            var decision = RestartDecider.Decide(state, finished, new Random(seed));

            var retriesUsed = failuresBefore;
            switch (decision)
            {
                case FinishDecision:
                    Assert.IsType<NeverRestart>(spec.Restart);
                    break;
                case ExhaustDecision exhaust:
                    Assert.True(spec.MaxRetries is { } max && retriesUsed >= max, $"exhausted with maxRetries {spec.MaxRetries} after {retriesUsed} retries");
                    Assert.Contains($"maxRetries {spec.MaxRetries}", exhaust.Reason, StringComparison.Ordinal);
                    break;
                case RetryDecision retry:
                    Assert.True(spec.Restart.RestartsOnFailure);
                    Assert.True(spec.MaxRetries is null || retriesUsed < spec.MaxRetries, $"retried with maxRetries {spec.MaxRetries} after {retriesUsed} retries");
                    Assert.Equal(RetryReason.Failure, retry.Reason);
                    Assert.Equal(retriesUsed, retry.Retry);
                    var (min, maxDelay) = spec.Backoff.Bounds(retriesUsed);
                    Assert.InRange(retry.DelayMs, min, maxDelay);
                    Assert.InRange(retry.DelayMs, 0, spec.Backoff.MaxMs);
                    Assert.Equal(finished.At.AddMilliseconds(retry.DelayMs), retry.DueAt);
                    Assert.Equal(spec.Backoff.Next(retriesUsed, new Random(seed)), retry.DelayMs);
                    break;
                default:
                    Assert.Fail($"unexpected decision {decision}");
                    break;
            }
        });

    [ScaledProperty]
    public Property A_success_restarts_only_with_always_after_exactly_the_interval() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(extremeDurations: false), Gen.Choose(0, 5).ToArbitrary(), (spec, failuresBefore) =>
        {
            var (running, finished) = FinishedAttempt(spec, TaskPhase.Succeeded, failuresBefore);
            var state = running.Apply(finished);

            var decision = RestartDecider.Decide(state, finished, new Random(0));

            Assert.Equal(0, state.FailureStreak);
            if (spec.Restart is AlwaysRestart always)
            {
                var interval = always.IntervalMs ?? 0;
                Assert.Equal(new RetryDecision(0, interval, finished.At.AddMilliseconds(interval), RetryReason.Periodic), decision);
            }
            else
            {
                Assert.Equal(RestartDecision.Finish, decision);
            }
        });
}
