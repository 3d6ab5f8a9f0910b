using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Json;

public sealed class TaskEventJsonSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 7, 34, 25, 123, TimeSpan.Zero);

    private static readonly TaskSpec Spec = TaskSpec.Builder("reports", SubprocessWorkload.Command("sh", "-c", "exit 1"))
        .Restart(RestartPolicy.OnFailure).MaxRetries(3).Label("team", "finance").Build();

    public static TheoryData<ITaskEvent> Events() =>
    [
        new TaskCreated(new TaskId("t1"), Spec, T0),
        new AttemptStarted(1, T0.AddSeconds(1), "subprocess", "node-a"),
        new AttemptStarted(2, T0.AddSeconds(1)),
        new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(2), 1, "exit code 1", 4242, null, "out", "err"),
        new AttemptFinished(2, TaskPhase.Timeout, T0.AddSeconds(2), null, "timed out", null, "SIGKILL"),
        new RetryScheduled(0, 731, T0.AddSeconds(2).AddMilliseconds(731), RetryReason.Failure, T0.AddSeconds(2)),
        new RetryScheduled(0, 60000, T0.AddMinutes(1), RetryReason.Periodic, T0),
        new TaskExhausted("retry budget spent", T0),
        new TaskCanceled("SupersededByReplace", T0),
        new TaskRerunRequested(T0),
        new TaskDeleted(T0),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_round_trips_under_its_manifest(ITaskEvent @event)
    {
        var manifest = TaskEventJson.ManifestOf(@event);
        var back = TaskEventJson.FromBytes(TaskEventJson.ToBytes(@event), manifest);
        Assert.Equal(@event, back);
    }

    [Fact]
    public void A_task_state_snapshot_round_trips()
    {
        var state = TaskState.Replay(
        [
            new TaskCreated(new TaskId("t1"), Spec, T0),
            new AttemptStarted(1, T0.AddSeconds(1)),
            new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(2), 1, "exit code 1"),
            new RetryScheduled(0, 500, T0.AddSeconds(2.5), RetryReason.Failure, T0.AddSeconds(2)),
        ]);

        var back = (TaskState)TaskEventJson.FromBytes(TaskEventJson.ToBytes(state), TaskEventJson.TaskStateManifest);
        Assert.Equal(state, back);
    }

    [Fact]
    [Trait("Invariant", "11")]
    public void Manifests_are_stable_strings()
    {
        Assert.Equal(
            ["task-created.v1", "attempt-started.v1", "attempt-finished.v1", "retry-scheduled.v1", "task-exhausted.v1",
             "task-canceled.v1", "task-rerun-requested.v1", "task-deleted.v1", "task-admitted.v1", "task-state.v1",
             "attempt-process-started.v1"],
            TaskEventJson.Manifests);
    }

    [Fact]
    public void An_unknown_manifest_is_refused_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => TaskEventJson.FromBytes("{}"u8, "task-teleported.v1"));
        Assert.Contains("task-teleported.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_that_does_not_fit_its_manifest_is_refused_naming_the_field()
    {
        var error = Assert.Throws<FormatException>(() => TaskEventJson.FromBytes("""{"attempt":"one","at":"2026-11-28T07:00:00Z"}"""u8, "attempt-started.v1"));
        Assert.Contains("attempt", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt-started.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Invariant", "11")]
    public void A_missing_optional_field_reads_as_absent_so_old_events_stay_readable()
    {
        var back = (AttemptFinished)TaskEventJson.FromBytes("""{"attempt":1,"outcome":"succeeded","at":"2026-11-28T07:00:00Z"}"""u8, "attempt-finished.v1");
        Assert.Null(back.Pid);
        Assert.Null(back.StdoutTail);
    }
}
