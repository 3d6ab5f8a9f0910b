using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class RestartDeciderSpec
{
    [Fact]
    public void Task_with_never_policy_ends_failed_not_exhausted_after_a_failure()
    {
        var journal = new Journal(Spec(RestartPolicy.Never, maxRetries: 3));
        journal.Start();

        var events = journal.Finish(TaskPhase.Failed, exitCode: 1, error: "exit status 1");

        Assert.IsType<AttemptFinished>(Assert.Single(events));
        Assert.Equal(TaskPhase.Failed, journal.State.Resource!.Phase);
        Assert.Equal(1, journal.State.Resource.Status.ExitCode);
        Assert.True(journal.State.IsSettled);
        Assert.Equal(RestartDecision.Finish, RestartDecider.Decide(journal.State, (AttemptFinished)events[0], new Random(1)));
    }

    [Fact]
    public void Task_with_never_policy_ends_timeout_after_a_timeout()
    {
        var journal = new Journal(Spec(RestartPolicy.Never));
        journal.Start();

        var events = journal.Finish(TaskPhase.Timeout, error: "timeout");

        Assert.Single(events);
        Assert.Equal(TaskPhase.Timeout, journal.State.Resource!.Phase);
        Assert.True(journal.State.IsSettled);
    }

    [Fact]
    public void Task_with_on_failure_policy_finishes_after_a_success()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure));
        journal.Start();

        var events = journal.Finish(TaskPhase.Succeeded, exitCode: 0);

        Assert.Single(events);
        Assert.Equal(TaskPhase.Succeeded, journal.State.Resource!.Phase);
        Assert.True(journal.State.IsSettled);
    }

    [Fact]
    public void Task_with_on_failure_policy_retries_after_backoff_then_succeeds()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, backoff: NoJitter));

        journal.Start();
        var first = journal.Finish(TaskPhase.Failed, exitCode: 1, error: "exit status 1");
        journal.Start();
        var second = journal.Finish(TaskPhase.Failed, exitCode: 1, error: "exit status 1");
        journal.Start();
        var third = journal.Finish(TaskPhase.Succeeded, exitCode: 0);

        Assert.Equal(2, first.Count);
        Assert.IsType<AttemptFinished>(first[0]);
        var retry0 = Assert.IsType<RetryScheduled>(first[1]);
        Assert.Equal(new RetryScheduled(0, 1_000, first[0].At.AddSeconds(1), RetryReason.Failure, first[0].At), retry0);
        var retry1 = Assert.IsType<RetryScheduled>(second[1]);
        Assert.Equal(new RetryScheduled(1, 2_000, second[0].At.AddSeconds(2), RetryReason.Failure, second[0].At), retry1);
        Assert.IsType<AttemptFinished>(Assert.Single(third));

        var state = journal.State;
        Assert.Equal(TaskPhase.Succeeded, state.Resource!.Phase);
        Assert.Equal([1, 2, 3], state.Runs.Select(r => r.Attempt));
        Assert.Equal([TaskPhase.Failed, TaskPhase.Failed, TaskPhase.Succeeded], state.Runs.Select(r => r.Phase));
        Assert.Equal(3, state.Resource.Status.Attempt);
        Assert.Equal(0, state.FailureStreak);
        Assert.True(state.IsSettled);
        Assert.Equal(journal.Events.Count, state.Version);
        Assert.Equal(1 + (3 * 2) + 2, journal.Events.Count);
        Assert.Equal(retry0.DueAt, state.Runs[1].StartedAt);
        Assert.Equal(retry1.DueAt, state.Runs[2].StartedAt);
    }

    [Fact]
    public void Task_with_max_retries_3_fails_at_most_4_attempts_in_a_row_then_is_exhausted()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: 3, backoff: NoJitter));
        var decisions = new List<IReadOnlyList<ITaskEvent>>();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            journal.Start();
            decisions.Add(journal.Finish(TaskPhase.Failed, exitCode: 2, error: "exit status 2"));
        }

        Assert.Equal([0, 1, 2], decisions.Take(3).Select(d => Assert.IsType<RetryScheduled>(d[1]).Retry));
        var exhausted = Assert.IsType<TaskExhausted>(decisions[3][1]);
        Assert.Contains("maxRetries 3", exhausted.Reason, StringComparison.Ordinal);
        Assert.Contains("4 failed attempt(s) in a row", exhausted.Reason, StringComparison.Ordinal);
        Assert.Contains("exit status 2", exhausted.Reason, StringComparison.Ordinal);
        Assert.Equal(decisions[3][0].At, exhausted.At);

        var state = journal.State;
        Assert.Equal(TaskPhase.Exhausted, state.Resource!.Phase);
        Assert.Equal(exhausted.Reason, state.Resource.Status.Error);
        Assert.Equal(2, state.Resource.Status.ExitCode);
        Assert.All(state.Runs, run => Assert.Equal(TaskPhase.Failed, run.Phase));
        Assert.Equal(4, state.Runs.Count);
        Assert.True(state.IsSettled);
        Assert.Equal(journal.Events.Count, state.Version);
    }

    [Fact]
    public void Task_with_max_retries_0_is_exhausted_after_the_first_failure()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: 0));
        journal.Start();

        var events = journal.Finish(TaskPhase.Failed, error: "exit status 1");

        var exhausted = Assert.IsType<TaskExhausted>(events[1]);
        Assert.Contains("maxRetries 0", exhausted.Reason, StringComparison.Ordinal);
        Assert.Contains("1 failed attempt(s) in a row", exhausted.Reason, StringComparison.Ordinal);
        Assert.Equal(TaskPhase.Exhausted, journal.State.Resource!.Phase);
    }

    [Fact]
    public void Exhaustion_reason_names_the_outcome_when_the_attempt_gave_no_error()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: 0));
        journal.Start();

        var events = journal.Finish(TaskPhase.Timeout);

        Assert.EndsWith("last error: timeout", Assert.IsType<TaskExhausted>(events[1]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_without_max_retries_keeps_retrying_with_a_capped_backoff()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: null, backoff: NoJitter));
        var delays = new List<long>();

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            journal.Start();
            delays.Add(Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Failed)[1]).DelayMs);
        }

        Assert.Equal([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000], delays);
        Assert.Equal(10, journal.State.FailureStreak);
    }

    [Fact]
    public void A_success_resets_the_failure_streak_so_the_next_failure_is_retry_0_again()
    {
        var journal = new Journal(Spec(RestartPolicy.Always, maxRetries: 2, backoff: NoJitter));

        journal.Start();
        var fail1 = Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Failed)[1]);
        journal.Start();
        var fail2 = Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Failed)[1]);
        journal.Start();
        var success = Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Succeeded)[1]);
        journal.Start();
        var fail3 = Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Failed)[1]);

        Assert.Equal((0, RetryReason.Failure), (fail1.Retry, fail1.Reason));
        Assert.Equal((1, RetryReason.Failure), (fail2.Retry, fail2.Reason));
        Assert.Equal((0, RetryReason.Periodic, 0L), (success.Retry, success.Reason, success.DelayMs));
        Assert.Equal((0, RetryReason.Failure, 1_000L), (fail3.Retry, fail3.Reason, fail3.DelayMs));
        Assert.Equal(1, journal.State.FailureStreak);
    }

    [Fact]
    public void Periodic_task_restarts_after_its_interval_measured_from_the_end_of_the_attempt()
    {
        var journal = new Journal(Spec(RestartPolicy.Periodic(60_000)));
        journal.Start();

        var events = journal.Finish(TaskPhase.Succeeded, afterSeconds: 42);

        var finished = Assert.IsType<AttemptFinished>(events[0]);
        var retry = Assert.IsType<RetryScheduled>(events[1]);
        Assert.Equal(new RetryScheduled(0, 60_000, finished.At.AddMinutes(1), RetryReason.Periodic, finished.At), retry);
        Assert.Equal(finished.At.AddMinutes(1), journal.State.Resource!.Status.NextAttemptAt);
        Assert.Equal(TaskPhase.Succeeded, journal.State.Resource.Phase);
        Assert.False(journal.State.IsSettled);
    }

    [Fact]
    public void Always_without_interval_restarts_after_a_success_at_once()
    {
        var journal = new Journal(Spec(RestartPolicy.Always));
        journal.Start();

        var events = journal.Finish(TaskPhase.Succeeded);

        var retry = Assert.IsType<RetryScheduled>(events[1]);
        Assert.Equal(0, retry.DelayMs);
        Assert.Equal(events[0].At, retry.DueAt);
        Assert.Equal(RetryReason.Periodic, retry.Reason);
    }

    [Fact]
    public void Periodic_task_retries_a_failure_with_the_backoff_not_the_interval()
    {
        var journal = new Journal(Spec(RestartPolicy.Periodic(60_000), backoff: NoJitter));
        journal.Start();

        var retry = Assert.IsType<RetryScheduled>(journal.Finish(TaskPhase.Failed)[1]);

        Assert.Equal((RetryReason.Failure, 1_000L), (retry.Reason, retry.DelayMs));
    }

    [Fact]
    public void A_timeout_counts_as_a_failure_of_the_streak()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: 1, backoff: NoJitter));

        journal.Start();
        var first = journal.Finish(TaskPhase.Timeout, error: "timeout");
        journal.Start();
        var second = journal.Finish(TaskPhase.Failed, error: "exit status 1");

        Assert.Equal(RetryReason.Failure, Assert.IsType<RetryScheduled>(first[1]).Reason);
        Assert.IsType<TaskExhausted>(second[1]);
        Assert.Equal(TaskPhase.Exhausted, journal.State.Resource!.Phase);
        Assert.Equal([TaskPhase.Timeout, TaskPhase.Failed], journal.State.Runs.Select(r => r.Phase));
    }

    [Fact]
    public void Exhausting_after_a_timeout_refines_timeout_to_exhausted()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure, maxRetries: 0));
        journal.Start();

        journal.Finish(TaskPhase.Timeout, error: "timeout");

        Assert.Equal(TaskPhase.Exhausted, journal.State.Resource!.Phase);
        Assert.Equal(TaskPhase.Timeout, journal.State.Runs[0].Phase);
    }

    [Theory]
    [InlineData("never")]
    [InlineData("onFailure")]
    [InlineData("always")]
    [InlineData("periodic")]
    public void A_canceled_attempt_never_restarts(string policy)
    {
        var restart = policy switch
        {
            "never" => RestartPolicy.Never,
            "onFailure" => RestartPolicy.OnFailure,
            "always" => RestartPolicy.Always,
            _ => RestartPolicy.Periodic(1_000),
        };
        var journal = new Journal(Spec(restart));
        journal.Start();

        var events = journal.Finish(TaskPhase.Canceled, error: "context canceled");

        Assert.IsType<AttemptFinished>(Assert.Single(events));
        Assert.Equal(TaskPhase.Canceled, journal.State.Resource!.Phase);
        Assert.True(journal.State.IsSettled);
    }

    [Theory]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Succeeded)]
    public void A_task_canceled_while_running_never_restarts_whatever_the_attempt_reports(TaskPhase reported)
    {
        var journal = new Journal(Spec(RestartPolicy.Always));
        journal.Start();
        journal.Append(new TaskCanceled("canceled by client", journal.Now.AddSeconds(1)));

        var events = journal.Finish(reported);

        Assert.Single(events);
        Assert.Equal(TaskPhase.Canceled, journal.State.Resource!.Phase);
        Assert.True(journal.State.IsSettled);
    }

    [Fact]
    public void A_deleted_task_never_restarts()
    {
        var journal = new Journal(Spec(RestartPolicy.Always));
        journal.Start();
        journal.Append(new TaskDeleted(journal.Now.AddSeconds(1)));

        var events = journal.Finish(TaskPhase.Failed);

        Assert.Single(events);
        Assert.True(journal.State.IsSettled);
    }

    [Fact]
    public void A_late_duplicate_AttemptFinished_is_persisted_alone_with_no_decision()
    {
        var journal = new Journal(Spec(RestartPolicy.OnFailure));
        journal.Start();
        journal.Finish(TaskPhase.Failed);
        var before = journal.State;

        var events = RestartDecider.EventsForFinishedAttempt(before, new AttemptFinished(1, TaskPhase.Failed, journal.Now.AddSeconds(1)), journal.Random);

        Assert.IsType<AttemptFinished>(Assert.Single(events));
    }

    [Fact]
    public void The_due_time_is_the_end_of_the_attempt_plus_the_drawn_delay_and_the_delay_is_within_the_backoff_bounds()
    {
        var backoff = new BackoffPolicy(JitterPolicy.Full, 500, 20_000, 3.0);
        var journal = new Journal(Spec(RestartPolicy.OnFailure, backoff: backoff), seed: 7);

        for (var n = 0; n < 6; n++)
        {
            journal.Start();
            var events = journal.Finish(TaskPhase.Failed, afterSeconds: 3.25);
            var retry = Assert.IsType<RetryScheduled>(events[1]);
            var (min, max) = backoff.Bounds(n);

            Assert.Equal(n, retry.Retry);
            Assert.InRange(retry.DelayMs, min, max);
            Assert.Equal(events[0].At.AddMilliseconds(retry.DelayMs), retry.DueAt);
            Assert.Equal(events[0].At, retry.At);
            Assert.Equal(retry.DueAt, journal.State.Resource!.Status.NextAttemptAt);
        }
    }

    [Theory]
    [InlineData(JitterPolicy.None)]
    [InlineData(JitterPolicy.Full)]
    [InlineData(JitterPolicy.Equal)]
    [InlineData(JitterPolicy.Decorrelated)]
    public void The_drawn_delay_is_the_backoff_draw_of_the_same_random_source(JitterPolicy jitter)
    {
        var backoff = new BackoffPolicy(jitter, 1_000, 30_000, 2.0);
        var state = New(Spec(RestartPolicy.OnFailure, backoff: backoff)).Then(
            new AttemptStarted(1, At(1)),
            new AttemptFinished(1, TaskPhase.Failed, At(2)),
            new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)),
            new AttemptStarted(2, At(3)));
        var finished = new AttemptFinished(2, TaskPhase.Failed, At(4));
        var after = state.Apply(finished);

        var decision = RestartDecider.Decide(after, finished, new Random(1234));

        var expected = backoff.Next(1, new Random(1234));
        Assert.Equal(new RetryDecision(1, expected, At(4).AddMilliseconds(expected), RetryReason.Failure), decision);
        var (min, max) = backoff.Bounds(1);
        Assert.InRange(expected, min, max);
    }

    [Fact]
    public void The_same_seed_gives_the_same_retry_events()
    {
        var spec = Spec(RestartPolicy.OnFailure, backoff: BackoffPolicy.Default);

        static IReadOnlyList<ITaskEvent> Run(TaskSpec spec)
        {
            var journal = new Journal(spec, seed: 99);
            for (var i = 0; i < 5; i++)
            {
                journal.Start();
                journal.Finish(TaskPhase.Failed);
            }

            return journal.Events;
        }

        Assert.Equal(Run(spec), Run(spec));
    }

    [Fact]
    public void Deciding_for_a_task_that_does_not_exist_is_rejected()
    {
        Assert.Throws<Common.ModelException>(() =>
            RestartDecider.Decide(TaskState.Empty, new AttemptFinished(1, TaskPhase.Failed, T0), new Random(1)));
    }
}
