using TaskActors.Model.Attempts;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

/// <summary>
/// Interruptions are not failures: an attempt the node ended (graceful stop, crash recovery) is followed by a new one
/// whatever the restart policy, without counting toward maxRetries, unless the spec says <c>onInterruption: fail</c>.
/// </summary>
public sealed class InterruptionSpec
{
    private static readonly Random Seeded = new(7);

    private static TaskSpec SpecWith(RestartPolicy restart, InterruptionPolicy onInterruption, int? maxRetries = null) =>
        Spec(restart, maxRetries) with { OnInterruption = onInterruption };

    private static AttemptResult StoppedForShutdown => new(AttemptResultKind.Canceled, 143, "canceled: process group 42 stopped after SIGTERM", 42, "SIGTERM");

    [Fact]
    public void An_attempt_stopped_by_a_node_shutdown_is_followed_by_a_new_attempt_at_once_even_with_restart_never()
    {
        var running = New(SpecWith(RestartPolicy.Never, InterruptionPolicy.Retry)).Then(new AttemptStarted(1, At(1)));

        var events = TaskDecider.AttemptEnded(running, 1, StoppedForShutdown, AttemptStopReason.Shutdown, At(5), Seeded);

        var finished = Assert.IsType<AttemptFinished>(events[0]);
        Assert.True(finished.Interrupted);
        Assert.Equal((TaskPhase.Failed, AttemptFinished.InterruptedError, "SIGTERM"), (finished.Outcome, finished.Error, finished.Signal));
        Assert.Equal(new RetryScheduled(0, 0, At(5), RetryReason.Interruption, At(5)), events[1]);
        var after = running.Then([.. events]);
        Assert.False(after.IsSettled);
        Assert.True(TaskDecider.CanStartAttempt(after));
        Assert.Equal(0, after.FailureStreak);
    }

    [Fact]
    public void An_attempt_found_open_at_recovery_is_followed_by_a_new_attempt_at_once_even_with_restart_never()
    {
        var running = New(SpecWith(RestartPolicy.Never, InterruptionPolicy.Retry)).Then(new AttemptStarted(1, At(1)), new AttemptProcessStarted(1, 4242, 987654, At(1)));

        var events = TaskDecider.Interrupted(running, At(9), Seeded);

        var finished = Assert.IsType<AttemptFinished>(events[0]);
        Assert.True(finished.Interrupted);
        Assert.Equal(4242, finished.Pid);
        Assert.Equal(new RetryScheduled(0, 0, At(9), RetryReason.Interruption, At(9)), events[1]);
        var next = TaskDecider.StartAttempt(running.Then([.. events]), "subprocess", "node-b", At(9));
        Assert.Equal(2, next!.Attempt);
    }

    [Fact]
    public void With_onInterruption_fail_an_interruption_is_a_failure_and_restart_never_ends_the_task()
    {
        var running = New(SpecWith(RestartPolicy.Never, InterruptionPolicy.Fail)).Then(new AttemptStarted(1, At(1)));

        var fromShutdown = TaskDecider.AttemptEnded(running, 1, StoppedForShutdown, AttemptStopReason.Shutdown, At(5), Seeded);
        var fromRecovery = TaskDecider.Interrupted(running, At(5), Seeded);

        Assert.Single(fromShutdown);
        Assert.Single(fromRecovery);
        var after = running.Then([.. fromRecovery]);
        Assert.True(after.IsSettled);
        Assert.Equal(TaskPhase.Failed, after.Resource!.Phase);
        Assert.Equal(1, after.FailureStreak);
    }

    [Fact]
    public void Interruptions_do_not_count_toward_maxRetries()
    {
        // maxRetries 1: one failure may be retried once. Three interruptions in between change nothing.
        var state = New(SpecWith(RestartPolicy.OnFailure, InterruptionPolicy.Retry, maxRetries: 1) with { Backoff = new BackoffPolicy(JitterPolicy.None, 1_000, 1_000, 1.0) });
        var t = 1.0;
        state = state.Then(new AttemptStarted(1, At(t)));
        state = state.Then([.. TaskDecider.AttemptEnded(state, 1, AttemptResult.Failure("exit code 1", 1), null, At(t += 1), Seeded)]);
        Assert.Equal(RetryReason.Failure, state.ScheduledRetry!.Reason);
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            state = state.Then(new AttemptStarted(attempt, At(t += 2)));
            state = state.Then([.. TaskDecider.Interrupted(state, At(t += 1), Seeded)]);
            Assert.Equal(RetryReason.Interruption, state.ScheduledRetry!.Reason);
            Assert.Equal(1, state.FailureStreak);
        }

        // The one retry the budget allows is still there: the next failure is retried, the one after exhausts.
        state = state.Then(new AttemptStarted(5, At(t += 1)));
        state = state.Then([.. TaskDecider.AttemptEnded(state, 5, AttemptResult.Failure("exit code 1", 1), null, At(t += 1), Seeded)]);
        Assert.Equal(TaskPhase.Exhausted, state.Resource!.Phase);
        Assert.Contains("2 failed attempt(s) in a row, maxRetries 1", state.Resource.Status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void With_onInterruption_fail_interruptions_count_toward_maxRetries()
    {
        var state = New(SpecWith(RestartPolicy.OnFailure, InterruptionPolicy.Fail, maxRetries: 1)).Then(new AttemptStarted(1, At(1)));
        state = state.Then([.. TaskDecider.Interrupted(state, At(2), Seeded)]);
        Assert.Equal(RetryReason.Failure, state.ScheduledRetry!.Reason);
        state = state.Then(new AttemptStarted(2, state.ScheduledRetry.DueAt));
        state = state.Then([.. TaskDecider.Interrupted(state, state.ScheduledRetry?.DueAt ?? At(60), Seeded)]);

        Assert.Equal(TaskPhase.Exhausted, state.Resource!.Phase);
    }

    [Fact]
    public void A_canceled_task_is_not_restarted_after_an_interruption()
    {
        var canceled = New(SpecWith(RestartPolicy.Always, InterruptionPolicy.Retry)).Then(new AttemptStarted(1, At(1)), new TaskCanceled("stop", At(2)));

        var events = TaskDecider.Interrupted(canceled, At(3), Seeded);

        var finished = Assert.IsType<AttemptFinished>(Assert.Single(events));
        Assert.False(finished.Interrupted);
        Assert.Equal(TaskPhase.Canceled, finished.Outcome);
    }

    [Fact]
    public void A_stop_for_a_timeout_or_a_cancel_is_not_an_interruption()
    {
        var running = New(SpecWith(RestartPolicy.Never, InterruptionPolicy.Retry)).Then(new AttemptStarted(1, At(1)));

        var timeout = Assert.IsType<AttemptFinished>(Assert.Single(TaskDecider.AttemptEnded(running, 1, StoppedForShutdown, AttemptStopReason.Timeout, At(5), Seeded)));
        var cancel = Assert.IsType<AttemptFinished>(Assert.Single(TaskDecider.AttemptEnded(running, 1, StoppedForShutdown, AttemptStopReason.Cancel, At(5), Seeded)));

        Assert.False(timeout.Interrupted);
        Assert.False(cancel.Interrupted);
    }

    [Fact]
    public void The_launch_of_the_open_attempts_process_group_is_recorded_and_closed_with_the_attempt()
    {
        var running = New().Then(new AttemptStarted(1, At(1)));

        var recorded = running.Then([.. TaskDecider.ProcessStarted(running, 1, 4242, 987654, At(1))]);

        Assert.Equal(new AttemptProcessStarted(1, 4242, 987654, At(1)), recorded.ActiveProcess);
        Assert.Equal(4242, recorded.ActiveRun!.Pid);
        Assert.Empty(TaskDecider.ProcessStarted(running, 2, 4242, 987654, At(1)));
        Assert.Null(recorded.Then(new AttemptFinished(1, TaskPhase.Succeeded, At(2))).ActiveProcess);
        // A late report (the attempt already closed) changes nothing but the version.
        var closed = recorded.Then(new AttemptFinished(1, TaskPhase.Succeeded, At(2)));
        Assert.Null(closed.Then(new AttemptProcessStarted(1, 5, 6, At(3))).ActiveProcess);
    }
}
