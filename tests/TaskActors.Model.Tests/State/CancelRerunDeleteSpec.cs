using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class CancelRerunDeleteSpec
{
    private static TaskState Settled(TaskPhase outcome) =>
        New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, outcome, At(2), 3, "e"));

    [Fact]
    public void A_pending_task_is_canceled_with_its_reason()
    {
        var canceled = New().Apply(new TaskCanceled("canceled by client", At(1)));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Canceled, 0, null, "canceled by client", null), canceled.Resource!.Status);
        Assert.True(canceled.IsSettled);
    }

    [Fact]
    public void Canceling_a_task_that_waits_for_a_retry_drops_the_retry()
    {
        var waiting = Settled(TaskPhase.Failed).Apply(new RetryScheduled(0, 5_000, At(7), RetryReason.Failure, At(2)));

        var canceled = waiting.Apply(new TaskCanceled("canceled by client", At(3)));

        Assert.Equal(TaskPhase.Canceled, canceled.Resource!.Phase);
        Assert.Null(canceled.Resource.Status.NextAttemptAt);
        Assert.Null(canceled.ScheduledRetry);
        Assert.True(canceled.IsSettled);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Canceled)]
    public void A_settled_task_cannot_be_canceled(TaskPhase outcome)
    {
        var settled = Settled(outcome);

        var error = Assert.Throws<ModelException>(() => settled.Apply(new TaskCanceled("canceled by client", At(3))));

        // One rule, one text: the model's own check words it as the command decision does.
        var expected = outcome == TaskPhase.Canceled
            ? $"task '{settled.Resource!.Id}' is already canceled"
            : Assert.IsType<CommandVerdict.Refused>(TaskDecider.Cancel(settled, null, null, At(3))).Rejection.Message;
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_task_that_is_being_canceled_cannot_be_canceled_again()
    {
        var canceling = New().Then(new AttemptStarted(1, At(1)), new TaskCanceled("canceled by client", At(2)));

        Assert.False(canceling.IsSettled);
        Assert.Throws<ModelException>(() => canceling.Apply(new TaskCanceled("again", At(3))));
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Canceled)]
    public void A_settled_task_is_rerun_as_pending_with_a_new_failure_streak(TaskPhase outcome)
    {
        var settled = Settled(outcome);

        var rerun = settled.Apply(new TaskRerunRequested(At(3)));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Pending, 1, null, null, null), rerun.Resource!.Status);
        Assert.Equal(0, rerun.FailureStreak);
        Assert.Equal(settled.Runs, rerun.Runs);
        Assert.False(rerun.IsSettled);
        Assert.Equal(2, rerun.Apply(new AttemptStarted(2, At(4))).Resource!.Status.Attempt);
    }

    [Fact]
    public void An_exhausted_task_is_rerun_and_its_failure_streak_starts_again()
    {
        var exhausted = Settled(TaskPhase.Failed).Apply(new TaskExhausted("retry budget spent", At(2)));
        Assert.Equal(1, exhausted.FailureStreak);

        var rerun = exhausted.Apply(new TaskRerunRequested(At(3)));

        Assert.Equal(TaskPhase.Pending, rerun.Resource!.Phase);
        Assert.Equal(0, rerun.FailureStreak);
    }

    [Fact]
    public void A_canceled_task_can_start_again_after_a_rerun()
    {
        var canceled = New().Apply(new TaskCanceled("canceled by client", At(1)));

        var started = canceled.Then(new TaskRerunRequested(At(2)), new AttemptStarted(1, At(3)));

        Assert.Equal(TaskPhase.Running, started.Resource!.Phase);
    }

    [Fact]
    public void A_task_that_is_not_settled_cannot_be_rerun()
    {
        var pending = New();
        var running = pending.Apply(new AttemptStarted(1, At(1)));
        var waiting = Settled(TaskPhase.Failed).Apply(new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)));

        Assert.Throws<ModelException>(() => pending.Apply(new TaskRerunRequested(At(5))));
        Assert.Throws<ModelException>(() => running.Apply(new TaskRerunRequested(At(5))));
        var error = Assert.Throws<ModelException>(() => waiting.Apply(new TaskRerunRequested(At(5))));
        Assert.Equal(Assert.IsType<CommandVerdict.Refused>(TaskDecider.Rerun(waiting, nodeStopping: false)).Rejection.Message, error.Message);
        Assert.EndsWith("is failed with a next attempt scheduled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_running_task_cancels_it_and_its_attempt_still_closes_the_run()
    {
        var running = New().Apply(new AttemptStarted(1, At(1)));

        var deleted = running.Apply(new TaskDeleted(At(2)));
        var closed = deleted.Apply(new AttemptFinished(1, TaskPhase.Canceled, At(3)));

        Assert.True(deleted.IsDeleted);
        Assert.Equal(TaskPhase.Canceled, deleted.Resource!.Phase);
        Assert.Equal("deleted", deleted.Resource.Status.Error);
        Assert.NotNull(deleted.ActiveRun);
        Assert.Equal(TaskPhase.Canceled, closed.Resource!.Phase);
        Assert.Equal(TaskPhase.Canceled, closed.Runs[0].Phase);
        Assert.True(closed.IsSettled);
    }

    [Fact]
    public void Deleting_a_task_that_waits_for_a_retry_cancels_it_and_drops_the_retry()
    {
        var waiting = Settled(TaskPhase.Failed).Apply(new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)));

        var deleted = waiting.Apply(new TaskDeleted(At(2.5)));

        Assert.True(deleted.IsDeleted);
        Assert.Equal(TaskPhase.Canceled, deleted.Resource!.Phase);
        Assert.Null(deleted.ScheduledRetry);
        Assert.Null(deleted.Resource.Status.NextAttemptAt);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Canceled)]
    public void Deleting_a_settled_task_keeps_its_phase(TaskPhase outcome)
    {
        var settled = Settled(outcome);

        var deleted = settled.Apply(new TaskDeleted(At(3)));

        Assert.True(deleted.IsDeleted);
        Assert.Equal(settled.Resource!.Status, deleted.Resource!.Status);
        Assert.Equal(settled.Version + 1, deleted.Version);
    }

    [Fact]
    public void A_deleted_task_cannot_start_another_attempt()
    {
        var deleted = Settled(TaskPhase.Failed).Apply(new TaskDeleted(At(3)));

        Assert.Throws<ModelException>(() => deleted.Apply(new AttemptStarted(2, At(4))));
    }

    /// <summary>
    /// A rerun of a deleted task would make it Pending — an active task that can never start (ApplyStarted rejects
    /// deleted tasks). Regression test: ApplyRerun used to check only IsSettled.
    /// </summary>
    [Fact]
    public void A_deleted_task_cannot_be_rerun()
    {
        var deleted = Settled(TaskPhase.Succeeded).Apply(new TaskDeleted(At(3)));

        Assert.Throws<ModelException>(() => deleted.Apply(new TaskRerunRequested(At(4))));
    }

    /// <summary>
    /// A retry scheduled on a deleted task would leave it unsettled for ever (its slot never frees, and the retry can
    /// never start because ApplyStarted rejects deleted tasks). Nothing but the running attempt's end follows a deletion.
    /// </summary>
    [Fact]
    public void A_deleted_task_cannot_schedule_a_retry()
    {
        var deleted = Settled(TaskPhase.Succeeded).Apply(new TaskDeleted(At(3)));

        Assert.Throws<ModelException>(() => deleted.Apply(new RetryScheduled(0, 1_000, At(5), RetryReason.Periodic, At(4))));
    }
}
