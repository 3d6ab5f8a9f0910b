using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class AttemptLifecycleSpec
{
    [Fact]
    [Trait("Invariant", "7")]
    public void The_first_attempt_is_number_1_and_opens_a_running_run_record()
    {
        var state = New().Apply(new AttemptStarted(1, At(1), "local", "node-1"));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Running, 1, null, null, null), state.Resource!.Status);
        var run = Assert.Single(state.Runs);
        Assert.Equal(new TaskRun(1, TaskPhase.Running, At(1), Runner: "local", Node: "node-1"), run);
        Assert.True(run.IsActive);
        Assert.Same(run, state.ActiveRun);
        Assert.False(state.IsSettled);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    [Trait("Invariant", "7")]
    public void An_attempt_number_that_does_not_follow_the_last_one_is_rejected(int attempt)
    {
        var state = New();

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptStarted(attempt, At(1))));

        Assert.Equal($"attempt numbers are consecutive: expected 1, got {attempt}", error.Message);
    }

    [Fact]
    [Trait("Invariant", "7")]
    public void A_repeated_attempt_number_is_rejected_after_a_restart()
    {
        var state = New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, TaskPhase.Failed, At(2)));

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptStarted(1, At(3))));

        Assert.Contains("expected 2, got 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attempt_cannot_start_while_another_is_open()
    {
        var state = New().Apply(new AttemptStarted(1, At(1)));

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptStarted(2, At(2))));

        Assert.Equal("attempt 2 cannot start while attempt 1 is still open", error.Message);
    }

    [Fact]
    public void A_canceled_task_cannot_start_an_attempt_without_a_rerun()
    {
        var state = New().Apply(new TaskCanceled("canceled by client", At(1)));

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptStarted(1, At(2))));

        Assert.Equal("a canceled task cannot start an attempt without a rerun", error.Message);
    }

    [Fact]
    public void An_exhausted_task_cannot_start_an_attempt_without_a_rerun()
    {
        var state = New().Then(
            new AttemptStarted(1, At(1)),
            new AttemptFinished(1, TaskPhase.Failed, At(2)),
            new TaskExhausted("retry budget spent", At(2)));

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptStarted(2, At(3))));

        Assert.Equal("a exhausted task cannot start an attempt without a rerun", error.Message);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    public void A_finished_task_starts_the_next_attempt_with_the_next_number(TaskPhase outcome)
    {
        var state = New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, outcome, At(2), 4, "e"));

        var next = state.Apply(new AttemptStarted(2, At(3)));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Running, 2, null, null, null), next.Resource!.Status);
        Assert.Equal([1, 2], next.Runs.Select(r => r.Attempt));
        Assert.Equal(outcome, next.Runs[0].Phase);
        Assert.Same(next.Runs[1], next.ActiveRun);
    }

    [Fact]
    public void AttemptFinished_closes_the_run_and_gives_the_task_its_outcome_and_details()
    {
        var state = New().Apply(new AttemptStarted(1, At(1), "local", "node-1"));

        var finished = state.Apply(new AttemptFinished(1, TaskPhase.Failed, At(4), 137, "killed by SIGKILL", 4242, "SIGKILL", "last out", "last err"));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Failed, 1, 137, "killed by SIGKILL", null), finished.Resource!.Status);
        var run = Assert.Single(finished.Runs);
        Assert.Equal(
            new TaskRun(1, TaskPhase.Failed, At(1), At(4), 137, "killed by SIGKILL", "local", "node-1", 4242, "SIGKILL", "last out", "last err"),
            run);
        Assert.False(run.IsActive);
        Assert.Equal(TimeSpan.FromSeconds(3), run.Duration);
        Assert.Null(finished.ActiveRun);
        Assert.Equal(1, finished.FailureStreak);
    }

    [Fact]
    public void A_successful_attempt_ends_the_task_succeeded_with_its_exit_code()
    {
        var state = New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, TaskPhase.Succeeded, At(2), ExitCode: 0, StdoutTail: "done\n"));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Succeeded, 1, 0, null, null), state.Resource!.Status);
        Assert.Equal("done\n", state.Runs[0].StdoutTail);
        Assert.Equal(0, state.FailureStreak);
        Assert.True(state.IsSettled);
    }

    [Fact]
    public void A_timed_out_attempt_ends_timeout_and_counts_as_a_failure()
    {
        var state = New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, TaskPhase.Timeout, At(31), Error: "timed out after 30000 ms"));

        Assert.Equal(TaskPhase.Timeout, state.Resource!.Phase);
        Assert.Equal(TaskPhase.Timeout, state.Runs[0].Phase);
        Assert.Equal(1, state.FailureStreak);
    }

    [Fact]
    public void An_interrupted_attempt_is_closed_as_failed_with_the_interrupted_error()
    {
        var state = New().Then(
            new AttemptStarted(1, At(1)),
            new AttemptFinished(1, TaskPhase.Failed, At(60), Error: AttemptFinished.InterruptedError));

        Assert.Equal("interrupted: node stopped during attempt", state.Resource!.Status.Error);
        Assert.Equal(TaskPhase.Failed, state.Runs[0].Phase);
        Assert.Equal(1, state.FailureStreak);
    }

    [Theory]
    [InlineData(TaskPhase.Pending)]
    [InlineData(TaskPhase.Running)]
    [InlineData(TaskPhase.Exhausted)]
    public void AttemptFinished_with_a_phase_that_is_not_an_attempt_outcome_is_rejected(TaskPhase outcome)
    {
        var state = New().Apply(new AttemptStarted(1, At(1)));

        var error = Assert.Throws<ModelException>(() => state.Apply(new AttemptFinished(1, outcome, At(2))));

        Assert.Contains($"got {outcome.ToWireName()}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded, TaskPhase.Failed)]
    [InlineData(TaskPhase.Succeeded, TaskPhase.Timeout)]
    [InlineData(TaskPhase.Failed, TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed, TaskPhase.Timeout)]
    [InlineData(TaskPhase.Timeout, TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout, TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Canceled, TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed, TaskPhase.Failed)]
    [Trait("Invariant", "9")]
    public void A_duplicate_AttemptFinished_changes_nothing_but_the_resource_version(TaskPhase first, TaskPhase late)
    {
        var state = New().Then(new AttemptStarted(1, At(1)), new AttemptFinished(1, first, At(2), 1, "first report", 10));

        var after = state.Apply(new AttemptFinished(1, late, At(3), 99, "late report", 11, "SIGTERM", "o", "e"));

        Assert.Equal(state.Resource!.Status, after.Resource!.Status);
        Assert.Equal(state.Runs, after.Runs);
        Assert.Equal(state.FailureStreak, after.FailureStreak);
        Assert.Equal(state.ScheduledRetry, after.ScheduledRetry);
        Assert.Equal(state.Version + 1, after.Version);
    }

    [Fact]
    [Trait("Invariant", "9")]
    public void A_late_AttemptFinished_for_an_earlier_attempt_does_not_touch_the_running_one()
    {
        var state = New().Then(
            new AttemptStarted(1, At(1)),
            new AttemptFinished(1, TaskPhase.Failed, At(2)),
            new AttemptStarted(2, At(3)));

        var after = state.Apply(new AttemptFinished(1, TaskPhase.Succeeded, At(4)));

        Assert.Equal(TaskPhase.Running, after.Resource!.Phase);
        Assert.Equal(state.Runs, after.Runs);
        Assert.Same(after.Runs[1], after.ActiveRun);
        Assert.Equal(state.Version + 1, after.Version);
    }

    [Fact]
    public void An_AttemptFinished_for_an_attempt_that_never_started_changes_nothing_but_the_resource_version()
    {
        var state = New().Apply(new AttemptStarted(1, At(1)));

        var after = state.Apply(new AttemptFinished(5, TaskPhase.Succeeded, At(2)));

        Assert.Equal(state with { Resource = after.Resource }, after);
        Assert.Equal(TaskPhase.Running, after.Resource!.Phase);
    }

    [Fact]
    public void Cancel_while_running_keeps_the_task_canceled_and_closes_the_run_as_canceled_when_the_attempt_ends()
    {
        var running = New(Spec(RestartPolicy.Always)).Apply(new AttemptStarted(1, At(1)));

        var canceled = running.Apply(new TaskCanceled("canceled by client", At(2)));
        var ended = canceled.Apply(new AttemptFinished(1, TaskPhase.Canceled, At(3), Error: "context canceled"));

        Assert.Equal(TaskPhase.Canceled, canceled.Resource!.Phase);
        Assert.NotNull(canceled.ActiveRun);
        Assert.False(canceled.IsSettled);
        Assert.Equal(TaskPhase.Canceled, ended.Resource!.Phase);
        Assert.Equal("canceled by client", ended.Resource.Status.Error);
        var run = Assert.Single(ended.Runs);
        Assert.Equal(TaskPhase.Canceled, run.Phase);
        Assert.Equal(At(3), run.FinishedAt);
        Assert.Null(ended.ActiveRun);
        Assert.True(ended.IsSettled);
        Assert.Equal(0, ended.FailureStreak);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [Trait("Invariant", "9")]
    public void Cancel_while_running_keeps_the_task_canceled_whatever_the_attempt_reports(TaskPhase reported)
    {
        var canceled = New(Spec(RestartPolicy.OnFailure)).Then(
            new AttemptStarted(1, At(1)),
            new TaskCanceled("SupersededByReplace", At(2)));

        var ended = canceled.Apply(new AttemptFinished(1, reported, At(3), 143, "terminated"));

        Assert.Equal(new TaskResourceStatus(TaskPhase.Canceled, 1, null, "SupersededByReplace", null), ended.Resource!.Status);
        Assert.Null(ended.ActiveRun);
        Assert.Equal(At(3), ended.Runs[0].FinishedAt);
        Assert.Equal(0, ended.FailureStreak);
        Assert.True(ended.IsSettled);
    }

    [Fact]
    public void The_failure_streak_counts_failures_and_timeouts_in_a_row_and_a_success_resets_it()
    {
        var journal = new Journal(Spec(RestartPolicy.Always));
        var streaks = new List<int>();
        foreach (var outcome in new[] { TaskPhase.Failed, TaskPhase.Timeout, TaskPhase.Failed, TaskPhase.Succeeded, TaskPhase.Timeout })
        {
            journal.Start();
            journal.Finish(outcome);
            streaks.Add(journal.State.FailureStreak);
        }

        Assert.Equal([1, 2, 3, 0, 1], streaks);
    }
}
