using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tasks;

namespace TaskActors.Tests.Tasks;

public sealed class TaskRecoverySpec
{
    [Fact]
    public async Task An_attempt_running_when_the_system_died_is_closed_as_interrupted_and_retried_on_the_next_start()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        var marker = Path.Combine(harness.Directory, "started");
        var spec = TaskSpec.Builder("r", SubprocessWorkload.Command("sh", "-c", $"if [ -f '{marker}' ]; then exit 0; fi; touch '{marker}'; exec sleep 60"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        await harness.Submit("interrupted-1", spec);
        await harness.WaitFor("interrupted-1", t => t.Phase == TaskPhase.Running && File.Exists(marker), what: "running");

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
        var marker = Path.Combine(harness.Directory, "started");
        var resumed = Path.Combine(harness.Directory, "resumed");
        var spec = TaskSpec.Builder("region", SubprocessWorkload.Command("sh", "-c", $"if [ -f '{marker}' ]; then touch '{resumed}'; exit 0; fi; touch '{marker}'; exec sleep 60"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        await harness.Submit("region", spec);
        await harness.WaitFor("region", t => t.Phase == TaskPhase.Running && File.Exists(marker), what: "running");

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
    public async Task Every_active_task_is_woken_at_start_without_a_client_asking()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        var spec = TaskSpec.Builder("w", HandlerWorkload.Create("wait")).Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 1, 1, 1));
        for (var i = 0; i < 20; i++)
        {
            await harness.Submit($"wake-{i}", spec.BuildUnchecked() with { Slot = new Model.Identity.Slot($"w-{i}") });
        }

        await harness.Kit.AwaitAssertAsync(async () =>
            Assert.Equal(20, (await harness.Node.Region.Ask<TaskRegion.ActiveCount>(TaskRegion.GetActiveCount.Instance)).Active));
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
        await using var harness = new RuntimeHarness();
        harness.Start();
        var marker = Path.Combine(harness.Directory, "failed-once");
        var spec = TaskSpec.Builder("b", SubprocessWorkload.Command("sh", "-c", $"if [ -f '{marker}' ]; then exit 0; fi; touch '{marker}'; exit 1"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.Full, 1500, 1500, 1)).Build();
        await harness.Submit("backoff-1", spec);
        var waiting = await harness.WaitFor("backoff-1", t => t.Status.NextAttemptAt is not null, what: "a scheduled retry");
        var dueAt = waiting.Status.NextAttemptAt!.Value;

        await harness.Crash();
        harness.Start();
        var task = await harness.WaitSettled("backoff-1");

        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var runs = await harness.Runs("backoff-1");
        Assert.Equal(2, runs.Count);
        Assert.True(runs[1].StartedAt >= dueAt, $"the retry started at {runs[1].StartedAt:O}, before its due time {dueAt:O}");
        var retries = await EventsOf(harness, "backoff-1");
        Assert.Single(retries.OfType<RetryScheduled>());
    }

    [Fact]
    public async Task A_graceful_shutdown_records_running_attempts_and_the_next_start_continues_them()
    {
        await using var harness = new RuntimeHarness("task-actors.runtime.shutdown-grace = 10s");
        harness.Start();
        var marker = Path.Combine(harness.Directory, "ran");
        var spec = TaskSpec.Builder("g", SubprocessWorkload.Command("sh", "-c", $"if [ -f '{marker}' ]; then exit 0; fi; touch '{marker}'; exec sleep 60"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        await harness.Submit("graceful-1", spec);
        await harness.WaitFor("graceful-1", t => t.Phase == TaskPhase.Running && File.Exists(marker), what: "running");

        await harness.Node.DisposeAsync();
        var stored = await EventsAfterRestart(harness, "graceful-1");

        var finished = Assert.Single(stored.OfType<AttemptFinished>(), f => f.Attempt == 1);
        Assert.Equal(AttemptFinished.InterruptedError, finished.Error);
        var task = await harness.WaitSettled("graceful-1");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.Equal(2, task.Status.Attempt);
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

        var pid = TaskActor.PersistenceIdFor(new TaskId("snapshot-1"));
        var fromSnapshot = await Read(harness, pid, fullReplay: false);
        var full = await Read(harness, pid, fullReplay: true);

        Assert.True(fromSnapshot.FromSnapshot);
        Assert.True(fromSnapshot.EventsReplayed < full.EventsReplayed, "the snapshot did not shorten the replay");
        Assert.Equal(full.State, fromSnapshot.State);
        Assert.Equal(task.Metadata.ResourceVersion, full.State.Version);
    }

    [Fact]
    public async Task Settled_tasks_passivate_so_memory_does_not_grow_with_finished_tasks()
    {
        await using var harness = new RuntimeHarness("task-actors.runtime.passivate-after = 200ms");
        harness.Start();
        for (var i = 0; i < 50; i++)
        {
            await harness.Submit($"passivate-{i}", TaskSpec.Builder($"p-{i}", HandlerWorkload.Create("noop")).Build());
        }

        await harness.Kit.AwaitAssertAsync(async () =>
        {
            var count = await harness.Node.Region.Ask<TaskRegion.ActiveCount>(TaskRegion.GetActiveCount.Instance);
            Assert.Equal(0, count.Active);
            Assert.Equal(0, count.Alive);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

        // A passivated task comes back on demand with its history.
        Assert.Equal(TaskPhase.Succeeded, (await harness.Get("passivate-7")).Phase);
    }

    private static async Task<StateReader.Result> Read(RuntimeHarness harness, string persistenceId, bool fullReplay)
    {
        var reader = harness.Node.System.ActorOf(Props.Create(() => new StateReader(persistenceId, fullReplay)));
        return await reader.Ask<StateReader.Result>(new StateReader.Read(), TimeSpan.FromSeconds(10));
    }

    private static async Task<IReadOnlyList<ITaskEvent>> EventsOf(RuntimeHarness harness, string id)
    {
        var journal = Akka.Persistence.Query.PersistenceQuery.Get(harness.Node.System)
            .ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>(Akka.Persistence.Sql.Query.SqlReadJournal.Identifier);
        return await journal.CurrentEventsByPersistenceId(TaskActor.PersistenceIdFor(new TaskId(id)), 0, long.MaxValue)
            .Select(e => (ITaskEvent)e.Event)
            .RunAggregate(new List<ITaskEvent>(), (list, e) => { list.Add(e); return list; }, harness.Node.System.Materializer());
    }

    private static async Task<IReadOnlyList<ITaskEvent>> EventsAfterRestart(RuntimeHarness harness, string id)
    {
        harness.Start();
        return await EventsOf(harness, id);
    }
}
