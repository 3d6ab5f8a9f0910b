using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

public sealed class TaskCreationSpec
{
    public static TheoryData<ITaskEvent> EventsOtherThanCreation => new()
    {
        new AttemptStarted(1, T0),
        new AttemptFinished(1, TaskPhase.Succeeded, T0),
        new RetryScheduled(0, 1_000, At(1), RetryReason.Failure, T0),
        new TaskExhausted("retry budget spent", T0),
        new TaskCanceled("canceled by client", T0),
        new TaskRerunRequested(T0),
        new TaskDeleted(T0),
    };

    [Fact]
    public void The_empty_state_has_no_task_and_version_0()
    {
        var state = TaskState.Empty;

        Assert.False(state.Exists);
        Assert.Null(state.Resource);
        Assert.Equal(0, state.Version);
        Assert.Empty(state.Runs);
        Assert.Null(state.ActiveRun);
        Assert.False(state.IsSettled);
        Assert.False(state.IsDeleted);
    }

    [Fact]
    public void TaskCreated_creates_a_pending_task_with_resource_version_1()
    {
        var spec = Spec();

        var state = TaskState.Empty.Apply(new TaskCreated(Id, spec, T0));

        Assert.True(state.Exists);
        Assert.Equal(TaskResource.Create(Id, spec, T0), state.Resource);
        Assert.Equal(1, state.Version);
        Assert.Empty(state.Runs);
        Assert.Equal(0, state.FailureStreak);
        Assert.Null(state.ScheduledRetry);
        Assert.False(state.IsSettled);
    }

    [Theory]
    [MemberData(nameof(EventsOtherThanCreation))]
    public void Any_other_event_before_TaskCreated_is_rejected(ITaskEvent first)
    {
        var error = Assert.Throws<ModelException>(() => TaskState.Empty.Apply(first));

        Assert.Contains("before TaskCreated", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.GetType().Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskCreated_twice_is_rejected()
    {
        var state = New();

        var error = Assert.Throws<ModelException>(() => state.Apply(new TaskCreated(Id, Spec(), At(1))));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_type_is_rejected()
    {
        var error = Assert.Throws<ModelException>(() => New().Apply(new UnknownEvent(At(1))));

        Assert.Contains("unknown task event UnknownEvent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_rejects_a_null_event()
    {
        Assert.Throws<ArgumentNullException>(() => New().Apply(null!));
    }

    [Fact]
    [Trait("Invariant", "6")]
    public void Every_event_bumps_the_resource_version_by_one_and_stamps_updated_at()
    {
        ITaskEvent[] events =
        [
            Created(),
            new AttemptStarted(1, At(1)),
            new AttemptFinished(1, TaskPhase.Failed, At(2), 1, "exit status 1"),
            new RetryScheduled(0, 1_000, At(3), RetryReason.Failure, At(2)),
            new AttemptStarted(2, At(3)),
            new AttemptFinished(1, TaskPhase.Succeeded, At(4)),
            new TaskCanceled("canceled by client", At(5)),
            new AttemptFinished(2, TaskPhase.Canceled, At(6)),
            new TaskRerunRequested(At(7)),
            new TaskDeleted(At(8)),
        ];

        var state = TaskState.Empty;
        for (var i = 0; i < events.Length; i++)
        {
            state = state.Apply(events[i]);
            Assert.Equal(i + 1, state.Version);
            Assert.Equal(i + 1, state.Resource!.Metadata.ResourceVersion);
            Assert.Equal(events[i].At, state.Resource.Metadata.UpdatedAt);
            Assert.Equal(T0, state.Resource.Metadata.CreatedAt);
        }

        Assert.Equal(state, TaskState.Replay(events));
    }

    private sealed record UnknownEvent(DateTimeOffset At) : ITaskEvent;
}
