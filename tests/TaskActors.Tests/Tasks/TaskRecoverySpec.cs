using TaskActors.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tasks;
using TaskActors.Tests.Journals;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// What a task continues after its node stopped: an attempt cut off by a crash or a graceful stop, a scheduled
/// retry, the wake-up of active tasks; and that recovery from a snapshot equals a full replay and settled tasks leave
/// memory. The crash cases run a real subprocess whose first attempt blocks until the node dies.
/// </summary>
public sealed class TaskRecoverySpec
{
    [Fact]
    public async Task An_attempt_running_when_the_system_died_is_closed_as_interrupted_and_retried_on_the_next_start()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        await SubmitAndAwaitBlockingFirstAttempt(harness, "interrupted-1", "r");

        await harness.Crash();
        harness.Start();
        var task = await harness.WaitSettled("interrupted-1");

        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var runs = await harness.Runs("interrupted-1");
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        Assert.Equal(TaskPhase.Failed, runs[0].Phase);
        Assert.Equal(AttemptFinished.InterruptedError, runs[0].Error);
        Assert.Equal(TaskPhase.Succeeded, runs[1].Phase);
    }

    [Fact]
    public async Task A_task_named_region_keeps_its_own_journal_apart_from_the_region_that_remembers_active_tasks()
    {
        // Task ids live under the persistence-id prefix "task-"; the region's own id must never be one of them.
        await using var harness = new RuntimeHarness();
        harness.Start();
        var resumed = await SubmitAndAwaitBlockingFirstAttempt(harness, "region", "region");

        await harness.Crash();
        harness.Start();

        // Woken by the region at start (nobody asks), it closes the interrupted attempt and runs the next one.
        await harness.Kit.AwaitAssertAsync(() => Assert.True(File.Exists(resumed)), TimeSpan.FromSeconds(30));
        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("region")).Phase);
        var runs = await harness.Runs("region");
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        Assert.Equal(AttemptFinished.InterruptedError, runs[0].Error);
    }

    [Fact]
    public async Task A_graceful_shutdown_records_running_attempts_and_the_next_start_continues_them()
    {
        await using var harness = new RuntimeHarness("task-actors.runtime.shutdown-grace = 10s");
        harness.Start();
        await SubmitAndAwaitBlockingFirstAttempt(harness, "graceful-1", "g");

        await harness.StopGracefully();
        harness.Start();
        var stored = await harness.EventsOf("graceful-1");

        var finished = Assert.Single(stored.OfType<AttemptFinished>(), f => f.Attempt == 1);
        Assert.Equal(AttemptFinished.InterruptedError, finished.Error);
        var task = await harness.WaitSettled("graceful-1");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.Equal(2, task.Status.Attempt);
    }

    [Fact]
    public async Task Every_active_task_is_woken_at_start_without_a_client_asking()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        var spec = TaskSpec.Builder("w", HandlerWorkload.Create("wait")).Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 1, 1, 1));
        for (var i = 0; i < 20; i++)
        {
            await harness.Submit($"wake-{i}", spec.BuildUnchecked() with { Slot = new Slot($"w-{i}") });
        }

        await harness.Kit.AwaitAssertAsync(async () =>
            Assert.Equal(20, (await harness.Node.GetActivityAsync()).ActiveTasks));
        await harness.Crash();

        harness.Start();
        var changes = harness.Kit.CreateTestProbe();
        harness.Node.System.EventStream.Subscribe(changes.Ref, typeof(TaskChanged));

        // Nobody asks any task: the region wakes them, each closes its interrupted attempt and starts the next.
        var restarted = new HashSet<string>();
        while (restarted.Count < 20)
        {
            var change = changes.ExpectMsg<TaskChanged>(TimeSpan.FromSeconds(30));
            if (change.Event is AttemptStarted { Attempt: 2 })
            {
                restarted.Add(change.Task.Id.Value);
            }
        }

        Assert.Equal(20, restarted.Count);
    }

    [Fact]
    public async Task A_pending_backoff_fires_at_its_persisted_due_time_after_a_restart_and_is_never_redrawn()
    {
        // Virtual time: the restarted node's clock starts at the wall clock, so a retry half an hour to an hour away
        // (equal jitter) is still ahead of it, and the test moves the clock to just before and then onto the due time.
        await using var harness = RuntimeHarness.OnVirtualTime();
        harness.Start();
        var spec = TaskSpec.Builder("b", harness.FailsOnce("backoff-1"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.Equal, 3_600_000, 3_600_000, 1)).Build();
        await harness.Submit("backoff-1", spec);
        var waiting = await harness.WaitFor("backoff-1", t => t.Status.NextAttemptAt is not null, what: "a scheduled retry");
        var dueAt = waiting.Status.NextAttemptAt!.Value;

        await harness.Crash();
        harness.Start();
        Assert.Equal(dueAt, (await harness.Get("backoff-1")).Status.NextAttemptAt); // recovered, its timer armed
        harness.Clock.AdvanceTo(dueAt - TimeSpan.FromTicks(1));
        var justBefore = await harness.Get("backoff-1");
        harness.Clock.Advance(TimeSpan.FromTicks(1));
        var task = await harness.WaitSettled("backoff-1");

        Assert.Equal(1, justBefore.Status.Attempt);
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var runs = await harness.Runs("backoff-1");
        Assert.Equal(2, runs.Count);
        Assert.Equal(dueAt, runs[1].StartedAt);
        Assert.Single((await harness.EventsOf("backoff-1")).OfType<RetryScheduled>());
    }

    [Fact]
    [Trait("Invariant", "1")]
    public async Task Recovery_from_a_snapshot_plus_the_tail_equals_a_full_replay()
    {
        await using var harness = new RuntimeHarness("task-actors.runtime.snapshot-every = 4");
        harness.Start();
        var spec = TaskSpec.Builder("s", HandlerWorkload.Create("flaky", new { failures = 4 }))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 5, 5, 1)).Build();
        await harness.Submit("snapshot-1", spec);
        var task = await harness.WaitSettled("snapshot-1");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);

        var pid = PersistenceIds.Task(new TaskId("snapshot-1"));
        var fromSnapshot = await JournalAccess.Replay(harness.Node.System, pid);
        var full = await JournalAccess.Replay(harness.Node.System, pid, fullReplay: true);

        Assert.True(fromSnapshot.FromSnapshot);
        Assert.True(fromSnapshot.EventsReplayed < full.EventsReplayed, "the snapshot did not shorten the replay");
        Assert.Equal(full.State, fromSnapshot.State);
        Assert.Equal(task.Metadata.ResourceVersion, full.State.Version);
    }

    [Fact]
    public async Task Settled_tasks_passivate_so_memory_does_not_grow_with_finished_tasks()
    {
        var passivateAfter = TimeSpan.FromMilliseconds(200);
        await using var harness = RuntimeHarness.OnVirtualTime("task-actors.runtime.passivate-after = 200ms");
        harness.Start();
        for (var i = 0; i < 50; i++)
        {
            await harness.Submit($"passivate-{i}", TaskSpec.Builder($"p-{i}", HandlerWorkload.Create("noop")).Build());
        }

        await harness.Kit.AwaitAssertAsync(async () => Assert.Equal(0, (await ActiveCount(harness)).ActiveTasks), TimeSpan.FromSeconds(30));
        harness.Clock.Advance(passivateAfter - TimeSpan.FromMilliseconds(1));
        var stillIdle = await ActiveCount(harness);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Kit.AwaitAssertAsync(async () =>
        {
            var count = await ActiveCount(harness);
            if (count.LiveTaskActors > 0)
            {
                // A task that armed its idle timer after the clock moved passivates one period later.
                harness.Clock.Advance(passivateAfter);
            }

            Assert.Equal(0, count.LiveTaskActors);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

        Assert.Equal(50, stillIdle.LiveTaskActors);
        // A passivated task comes back on demand with its history.
        Assert.Equal(TaskPhase.Succeeded, (await harness.Get("passivate-7")).Phase);
    }

    /// <summary>
    /// Submits task <paramref name="id"/> whose first attempt blocks and whose later attempts succeed
    /// (<see cref="RuntimeHarness.BlocksFirstRun"/>), and waits until that first attempt runs. Returns the file a later
    /// attempt touches.
    /// </summary>
    private static async Task<string> SubmitAndAwaitBlockingFirstAttempt(RuntimeHarness harness, string id, string slot)
    {
        var (workload, started, resumed) = harness.BlocksFirstRun(id);
        var spec = TaskSpec.Builder(slot, workload)
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        await harness.Submit(id, spec);
        await harness.WaitFor(id, t => t.Phase == TaskPhase.Running && File.Exists(started), what: "its first attempt running");
        return resumed;
    }

    private static Task<Node.NodeActivity> ActiveCount(RuntimeHarness harness) =>
        harness.Node.GetActivityAsync(TimeSpan.FromSeconds(10));
}
