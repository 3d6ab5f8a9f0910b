using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class RetryAndExhaustionSpec
{
    private static TaskState FinishedFirstAttempt(TaskPhase outcome) =>
        New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, outcome, At(2), 1, "exit status 1"));

    [Theory]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Succeeded)]
    public void RetryScheduled_sets_next_attempt_at_and_the_scheduled_retry(TaskPhase outcome)
    {
        var retry = new RetryScheduled(0, 750, At(2.75), RetryReason.Failure, At(2));

        var state = FinishedFirstAttempt(outcome).Apply(retry);

        Assert.Equal(At(2.75), state.Resource!.Status.NextAttemptAt);
        Assert.Equal(retry, state.ScheduledRetry);
        Assert.Equal(outcome, state.Resource.Phase);
        Assert.False(state.IsSettled);
    }

    [Fact]
    public void AttemptStarted_clears_the_scheduled_retry_and_next_attempt_at()
    {
        var state = FinishedFirstAttempt(TaskPhase.Failed).Apply(new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)));

        var started = state.Apply(new AttemptStarted(2, At(3)));

        Assert.Null(started.ScheduledRetry);
        Assert.Null(started.Resource!.Status.NextAttemptAt);
        Assert.Equal(TaskPhase.Running, started.Resource.Phase);
    }

    [Fact]
    public void A_retry_cannot_be_scheduled_while_an_attempt_runs()
    {
        var running = New().Apply(new AttemptStarted(1, At(1)));

        var error = Assert.Throws<ModelException>(() => running.Apply(new RetryScheduled(0, 0, At(1), RetryReason.Failure, At(1))));

        Assert.Contains("not while the task is running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_cannot_be_scheduled_for_a_pending_task()
    {
        Assert.Throws<ModelException>(() => New().Apply(new RetryScheduled(0, 0, At(1), RetryReason.Periodic, At(1))));
    }

    [Fact]
    public void A_retry_cannot_be_scheduled_for_a_canceled_or_exhausted_task()
    {
        var canceled = New().Apply(new TaskCanceled("canceled by client", At(1)));
        var exhausted = FinishedFirstAttempt(TaskPhase.Failed).Apply(new TaskExhausted("retry budget spent", At(3)));

        Assert.Throws<ModelException>(() => canceled.Apply(new RetryScheduled(0, 0, At(4), RetryReason.Failure, At(4))));
        Assert.Throws<ModelException>(() => exhausted.Apply(new RetryScheduled(0, 0, At(4), RetryReason.Failure, At(4))));
    }

    [Theory]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    public void A_failed_or_timed_out_task_becomes_exhausted_while_its_run_keeps_its_own_phase(TaskPhase outcome)
    {
        var state = FinishedFirstAttempt(outcome);

        var exhausted = state.Apply(new TaskExhausted("retry budget spent: 1 failed attempt(s) in a row, maxRetries 0", At(3)));

        Assert.Equal(
            new TaskResourceStatus(TaskPhase.Exhausted, 1, 1, "retry budget spent: 1 failed attempt(s) in a row, maxRetries 0", null),
            exhausted.Resource!.Status);
        Assert.Equal(outcome, exhausted.Runs[0].Phase);
        Assert.True(exhausted.IsSettled);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Canceled)]
    [Trait("Invariant", "9")]
    public void A_task_that_did_not_fail_cannot_become_exhausted(TaskPhase outcome)
    {
        var state = FinishedFirstAttempt(outcome);

        var error = Assert.Throws<ModelException>(() => state.Apply(new TaskExhausted("retry budget spent", At(3))));

        Assert.Equal($"only a failed or timed-out task can become exhausted, not a {outcome.ToWireName()} one", error.Message);
    }

    [Fact]
    public void A_pending_running_or_already_exhausted_task_cannot_become_exhausted()
    {
        var pending = New();
        var running = pending.Apply(new AttemptStarted(1, At(1)));
        var exhausted = FinishedFirstAttempt(TaskPhase.Failed).Apply(new TaskExhausted("spent", At(3)));

        Assert.Throws<ModelException>(() => pending.Apply(new TaskExhausted("spent", At(4))));
        Assert.Throws<ModelException>(() => running.Apply(new TaskExhausted("spent", At(4))));
        Assert.Throws<ModelException>(() => exhausted.Apply(new TaskExhausted("spent", At(4))));
    }

    /// <summary>
    /// An exhausted task must not announce a next attempt. Regression test: ApplyExhausted used to drop the
    /// ScheduledRetry but leave status.nextAttemptAt set.
    /// </summary>
    [Fact]
    public void Exhausting_a_task_that_had_a_retry_scheduled_drops_the_next_attempt_time_too()
    {
        var waiting = FinishedFirstAttempt(TaskPhase.Failed).Apply(new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)));

        var exhausted = waiting.Apply(new TaskExhausted("retry budget spent", At(2.5)));

        Assert.Null(exhausted.ScheduledRetry);
        Assert.Null(exhausted.Resource!.Status.NextAttemptAt);
        Assert.True(exhausted.IsSettled);
    }
}
