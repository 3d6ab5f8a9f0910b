using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class SettledAndRetentionSpec
{
    [Fact]
    public void A_task_is_settled_only_when_terminal_with_no_open_attempt_and_nothing_scheduled()
    {
        var created = New();
        var running = created.Apply(new AttemptStarted(1, At(1)));
        var failed = running.Apply(new AttemptFinished(1, TaskPhase.Failed, At(2)));
        var waiting = failed.Apply(new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)));
        var canceling = waiting.Then(new AttemptStarted(2, At(3)), new TaskCanceled("canceled by client", At(4)));
        var canceled = canceling.Apply(new AttemptFinished(2, TaskPhase.Canceled, At(5)));

        Assert.False(created.IsSettled);
        Assert.False(running.IsSettled);
        Assert.True(failed.IsSettled);
        Assert.False(waiting.IsSettled);
        Assert.False(canceling.IsSettled);
        Assert.True(canceled.IsSettled);
    }

    [Fact]
    public void At_most_MaxRunsKept_run_records_are_kept_dropping_the_oldest()
    {
        var state = New();
        var attempts = TaskState.MaxRunsKept + 4;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            state = state.Then(
                new AttemptStarted(attempt, At(attempt * 10)),
                new AttemptFinished(attempt, TaskPhase.Failed, At((attempt * 10) + 5)));
        }

        Assert.Equal(256, TaskState.MaxRunsKept);
        Assert.Equal(TaskState.MaxRunsKept, state.Runs.Count);
        Assert.Equal(5, state.Runs[0].Attempt);
        Assert.Equal(attempts, state.Runs[^1].Attempt);
        Assert.Equal(Enumerable.Range(5, TaskState.MaxRunsKept), state.Runs.Select(r => r.Attempt));
        Assert.Equal(attempts, state.Resource!.Status.Attempt);
        Assert.Equal(1 + (2 * attempts), state.Version);
        Assert.Equal(attempts, state.FailureStreak);
    }

    [Fact]
    public void The_run_that_is_still_open_is_kept_when_trimming()
    {
        var state = New();
        for (var attempt = 1; attempt <= TaskState.MaxRunsKept; attempt++)
        {
            state = state.Then(new AttemptStarted(attempt, At(attempt)), new AttemptFinished(attempt, TaskPhase.Succeeded, At(attempt + 0.5)));
        }

        var running = state.Apply(new AttemptStarted(TaskState.MaxRunsKept + 1, At(1_000)));

        Assert.Equal(TaskState.MaxRunsKept, running.Runs.Count);
        Assert.Equal(2, running.Runs[0].Attempt);
        Assert.Equal(TaskState.MaxRunsKept + 1, running.ActiveRun!.Attempt);
    }

    [Fact]
    [Trait("Invariant", "1")]
    public void Replay_folds_the_journal_into_the_same_state_as_applying_it_step_by_step()
    {
        var journal = new Journal(Spec());
        journal.Start();
        journal.Finish(TaskPhase.Failed, exitCode: 1, error: "exit status 1");
        journal.Append(new TaskRerunRequested(journal.Now.AddSeconds(5)));
        journal.Start();
        journal.Finish(TaskPhase.Succeeded, exitCode: 0);

        var replayed = TaskState.Replay(journal.Events);

        Assert.Equal(journal.State, replayed);
        Assert.Equal(journal.Events.Count, replayed.Version);
    }
}
