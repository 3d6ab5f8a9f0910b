using TaskActors.Model.Common;
using TaskActors.Model.Resources;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.Resources;

public sealed class TaskResourceSpec
{
    private static readonly DateTimeOffset Later = At(90);

    private static TaskResource InPhase(TaskPhase phase, int attempt = 1, int? exitCode = null, string? error = null, DateTimeOffset? next = null) =>
        TaskResource.Create(Id, Spec(), T0) with { Status = new TaskResourceStatus(phase, attempt, exitCode, error, next) };

    [Fact]
    public void A_new_task_has_resource_version_1_is_pending_and_has_no_attempt()
    {
        var spec = Spec();

        var task = TaskResource.Create(Id, spec, T0);

        Assert.Equal(new ObjectMeta(Id, 1, T0, T0), task.Metadata);
        Assert.Equal(new TaskResourceStatus(TaskPhase.Pending, 0, null, null, null), task.Status);
        Assert.Equal(TaskResourceStatus.Pending, task.Status);
        Assert.Same(spec, task.Spec);
        Assert.Equal(Id, task.Id);
        Assert.Equal(TaskPhase.Pending, task.Phase);
        Assert.Equal("taskactors/v1", TaskResource.ApiVersion);
        Assert.Equal("Task", TaskResource.Kind);
    }

    [Fact]
    public void Starting_the_first_attempt_makes_the_task_running_with_attempt_1()
    {
        var task = TaskResource.Create(Id, Spec(), T0);

        var started = task.TransitionStarting();

        Assert.Equal(new TaskResourceStatus(TaskPhase.Running, 1, null, null, null), started.Status);
        Assert.Equal(task.Metadata, started.Metadata);
        Assert.Equal(TaskPhase.Pending, task.Phase);
    }

    [Fact]
    public void Starting_an_attempt_clears_the_error_the_exit_code_and_the_next_attempt_time()
    {
        var failed = InPhase(TaskPhase.Failed, attempt: 3, exitCode: 2, error: "exit status 2", next: Later);

        var started = failed.TransitionStarting();

        Assert.Equal(new TaskResourceStatus(TaskPhase.Running, 4, null, null, null), started.Status);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Canceled)]
    [InlineData(TaskPhase.Exhausted)]
    public void Starting_is_allowed_from_every_terminal_phase_as_a_restart(TaskPhase terminal)
    {
        var task = InPhase(terminal, attempt: 2, exitCode: 1, error: "boom");

        var started = task.TransitionStarting();

        Assert.Equal(TaskPhase.Running, started.Phase);
        Assert.Equal(3, started.Status.Attempt);
        Assert.Null(started.Status.Error);
        Assert.Null(started.Status.ExitCode);
    }

    [Theory]
    [InlineData(TaskPhase.Pending, "pending")]
    [InlineData(TaskPhase.Running, "running")]
    public void Finishing_into_an_active_phase_is_rejected_with_a_clear_message(TaskPhase target, string name)
    {
        var running = InPhase(TaskPhase.Running);

        var error = Assert.Throws<ModelException>(() => running.TransitionFinished(target, null, null));

        Assert.Equal($"TransitionFinished requires a terminal phase, got {name}", error.Message);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Canceled)]
    [InlineData(TaskPhase.Exhausted)]
    public void A_running_task_finishes_into_any_terminal_phase_with_its_error_and_exit_code(TaskPhase terminal)
    {
        var finished = InPhase(TaskPhase.Running, attempt: 2).TransitionFinished(terminal, "why", 7);

        Assert.Equal(new TaskResourceStatus(terminal, 2, 7, "why", null), finished.Status);
    }

    [Theory]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Canceled)]
    [InlineData(TaskPhase.Exhausted)]
    public void Succeeded_is_never_overwritten_by_a_different_phase(TaskPhase late)
    {
        var succeeded = InPhase(TaskPhase.Succeeded, exitCode: 0);

        var after = succeeded.TransitionFinished(late, "late", 9);

        Assert.Same(succeeded, after);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Exhausted)]
    public void Canceled_is_never_overwritten_by_a_different_phase(TaskPhase late)
    {
        var canceled = InPhase(TaskPhase.Canceled, error: "canceled by client");

        var after = canceled.TransitionFinished(late, "late", 9);

        Assert.Same(canceled, after);
    }

    [Theory]
    [InlineData(TaskPhase.Succeeded)]
    [InlineData(TaskPhase.Failed)]
    [InlineData(TaskPhase.Canceled)]
    public void Timeout_is_never_overwritten_except_by_exhausted(TaskPhase late)
    {
        var timedOut = InPhase(TaskPhase.Timeout, error: "timeout");

        var after = timedOut.TransitionFinished(late, "late", 9);

        Assert.Same(timedOut, after);
    }

    [Fact]
    public void Timeout_is_refined_to_exhausted_when_the_budget_is_spent()
    {
        var timedOut = InPhase(TaskPhase.Timeout, error: "timeout");

        var after = timedOut.TransitionFinished(TaskPhase.Exhausted, "retry budget spent", null);

        Assert.Equal(new TaskResourceStatus(TaskPhase.Exhausted, 1, null, "retry budget spent", null), after.Status);
    }

    [Theory]
    [InlineData(TaskPhase.Timeout)]
    [InlineData(TaskPhase.Exhausted)]
    public void Failed_is_refined_to_timeout_or_exhausted(TaskPhase refined)
    {
        var failed = InPhase(TaskPhase.Failed, exitCode: 1, error: "exit status 1");

        var after = failed.TransitionFinished(refined, "refined", 1);

        Assert.Equal(refined, after.Phase);
        Assert.Equal("refined", after.Status.Error);
    }

    [Fact]
    public void Canceling_sets_canceled_with_the_reason_and_drops_the_next_attempt()
    {
        var waiting = InPhase(TaskPhase.Failed, attempt: 2, exitCode: 3, error: "exit status 3", next: Later);

        var canceled = waiting.TransitionCanceled("canceled by client");

        Assert.Equal(TaskPhase.Canceled, canceled.Phase);
        Assert.Equal("canceled by client", canceled.Status.Error);
        Assert.Null(canceled.Status.NextAttemptAt);
        Assert.Equal(2, canceled.Status.Attempt);
        Assert.Equal(waiting.Metadata, canceled.Metadata);
    }

    [Theory]
    [InlineData(TaskPhase.Pending)]
    [InlineData(TaskPhase.Running)]
    public void An_active_task_can_be_canceled(TaskPhase active)
    {
        var canceled = InPhase(active).TransitionCanceled("SupersededByReplace");

        Assert.Equal(TaskPhase.Canceled, canceled.Phase);
        Assert.Equal("SupersededByReplace", canceled.Status.Error);
    }

    [Fact]
    public void The_next_attempt_time_is_set_and_cleared_without_touching_the_phase()
    {
        var failed = InPhase(TaskPhase.Failed);

        var scheduled = failed.WithNextAttemptAt(Later);
        var cleared = scheduled.WithNextAttemptAt(null);

        Assert.Equal(Later, scheduled.Status.NextAttemptAt);
        Assert.Equal(TaskPhase.Failed, scheduled.Phase);
        Assert.Equal(failed, cleared);
    }
}
