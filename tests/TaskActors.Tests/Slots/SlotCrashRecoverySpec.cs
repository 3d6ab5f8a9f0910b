using Akka.Actor;
using TaskActors.Model.Slots;
using TaskActors.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Slots;
using TaskActors.Tasks;
using TaskActors.Tests.Tasks;

namespace TaskActors.Tests.Slots;

/// <summary>
/// A crash between any two steps of admission (slot decided, task created, owner finished, next started) must
/// converge on restart. Each case writes, through the real journal, exactly the state a crash at that step leaves,
/// then starts a node on it and checks: no slot stuck busy with a terminal owner, never two owners running at once,
/// no queued task lost.
/// </summary>
public sealed class SlotCrashRecoverySpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    private static TaskSpec Spec(string slot, AdmissionPolicy admission) =>
        TaskSpec.Builder(slot, HandlerWorkload.Create("noop")).Admission(admission).Build();

    [Fact]
    public async Task Crash_after_the_slot_decided_but_before_the_task_was_created_frees_the_slot()
    {
        await using var harness = new RuntimeHarness();
        await harness.Seed(("slot-a", [new SlotOwnerAssigned(new TaskId("ghost"))]));
        harness.Start();

        // A drop-if-running claim would be refused if the ghost still held the slot.
        await harness.Submit("fresh", Spec("a", AdmissionPolicy.DropIfRunning));

        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("fresh")).Phase);
        await AssertSlotIdle(harness, "a");
    }

    [Fact]
    public async Task Crash_after_the_owner_finished_but_before_the_slot_heard_of_it_frees_the_slot()
    {
        await using var harness = new RuntimeHarness();
        await harness.Seed(
            (PersistenceIds.Task(new TaskId("done")), [new TaskCreated(new TaskId("done"), Spec("b", AdmissionPolicy.DropIfRunning), T0),
                new AttemptStarted(1, T0), new AttemptFinished(1, TaskPhase.Succeeded, T0.AddSeconds(1), 0)]),
            ("slot-b", [new SlotOwnerAssigned(new TaskId("done"))]));
        harness.Start();

        await harness.Submit("after", Spec("b", AdmissionPolicy.DropIfRunning));

        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("after")).Phase);
        await AssertSlotIdle(harness, "b");
    }

    [Fact]
    public async Task Crash_after_the_slot_admitted_the_next_task_but_before_it_was_told_starts_it_on_restart()
    {
        await using var harness = new RuntimeHarness();
        await harness.Seed(
            (PersistenceIds.Task(new TaskId("first")), [new TaskCreated(new TaskId("first"), Spec("c", AdmissionPolicy.Queue), T0),
                new AttemptStarted(1, T0), new AttemptFinished(1, TaskPhase.Succeeded, T0.AddSeconds(1), 0)]),
            (PersistenceIds.Task(new TaskId("second")), [new TaskCreated(new TaskId("second"), Spec("c", AdmissionPolicy.Queue), T0, Admitted: false)]),
            ("slot-c", [new SlotOwnerAssigned(new TaskId("first")), new SlotEnqueued(new TaskId("second"), false), new SlotOwnerReleased(new TaskId("first")), new SlotOwnerAssigned(new TaskId("second"))]),
            (PersistenceIds.Region, [new TaskActivated("first"), new TaskActivated("second"), new TaskDeactivated("first")]));

        harness.Start(); // nobody asks: the region wakes "second", which wakes its slot

        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("second")).Phase);
        await AssertSlotIdle(harness, "c");
    }

    [Fact]
    [Trait("Invariant", "5")]
    public async Task Crash_while_the_owner_ran_and_a_task_waited_runs_the_waiting_task_after_the_owner_and_never_both()
    {
        await using var harness = new RuntimeHarness();
        await harness.Seed(
            (PersistenceIds.Task(new TaskId("owner")), [new TaskCreated(new TaskId("owner"), Spec("d", AdmissionPolicy.Queue), T0), new AttemptStarted(1, T0)]),
            (PersistenceIds.Task(new TaskId("queued")), [new TaskCreated(new TaskId("queued"), Spec("d", AdmissionPolicy.Queue), T0, Admitted: false)]),
            ("slot-d", [new SlotOwnerAssigned(new TaskId("owner")), new SlotEnqueued(new TaskId("queued"), false)]),
            (PersistenceIds.Region, [new TaskActivated("owner"), new TaskActivated("queued")]));

        harness.Start();

        var owner = await harness.WaitSettled("owner");
        var queued = await harness.WaitSettled("queued");
        // The interrupted attempt is not the owner's failure: it runs again (onInterruption: retry), still owning the slot.
        Assert.Equal(TaskPhase.Succeeded, owner.Phase);
        Assert.Equal(TaskPhase.Succeeded, queued.Phase);
        var ownerRuns = await harness.Runs("owner");
        Assert.Equal([(1, AttemptFinished.InterruptedError), (2, null)], ownerRuns.Select(r => (r.Attempt, r.Error)));
        var queuedRun = Assert.Single(await harness.Runs("queued"));
        Assert.True(queuedRun.StartedAt >= ownerRuns[^1].FinishedAt, "two owners ran at once");
        await AssertSlotIdle(harness, "d");
    }

    private static async Task AssertSlotIdle(RuntimeHarness harness, string slot) =>
        await harness.Kit.AwaitAssertAsync(async () =>
        {
            var view = await harness.Node.Slots.Ask<SlotProtocol.SlotView>(
                new SlotProtocol.SlotEnvelope(new Slot(slot), SlotProtocol.GetSlot.Instance), TimeSpan.FromSeconds(5));
            Assert.Null(view.Owner);
            Assert.Empty(view.Queue);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
}
