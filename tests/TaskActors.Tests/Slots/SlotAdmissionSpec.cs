using TaskActors.Model.Commands;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tests.Tasks;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Slots;

public sealed class SlotAdmissionSpec : IAsyncLifetime
{
    private readonly RuntimeHarness _harness = new("task-actors.runtime.slot-queue-capacity = 2");

    public Task InitializeAsync()
    {
        _harness.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static TaskSpec Waiting(string slot, AdmissionPolicy admission) =>
        TaskSpec.Builder(slot, HandlerWorkload.Create("wait")).Admission(admission).Build();

    private static TaskSpec Quick(string slot, AdmissionPolicy admission) =>
        TaskSpec.Builder(slot, HandlerWorkload.Create("noop")).Admission(admission).Build();

    [Fact]
    public async Task Drop_if_running_rejects_a_newcomer_to_a_busy_slot_with_SlotBusy()
    {
        await _harness.Submit("owner", Waiting("s1", AdmissionPolicy.DropIfRunning));

        var rejected = Assert.IsType<Rejected>(await _harness.Ask("newcomer", new Submit(Quick("s1", AdmissionPolicy.DropIfRunning))));

        Assert.Equal(RejectionKind.SlotBusy, rejected.Kind);
        Assert.Contains("owned by task 'owner'", rejected.Message, StringComparison.Ordinal);
        Assert.IsType<NotFound>(await _harness.Ask("newcomer", Get.Instance));
    }

    [Fact]
    [Trait("Invariant", "5")]
    public async Task Queue_runs_waiting_tasks_in_order_when_the_owner_ends_and_rejects_beyond_capacity()
    {
        await _harness.Submit("q-owner", Waiting("s2", AdmissionPolicy.Queue));
        var first = await _harness.Submit("q-1", Quick("s2", AdmissionPolicy.Queue));
        await _harness.Submit("q-2", Quick("s2", AdmissionPolicy.Queue));
        var full = Assert.IsType<Rejected>(await _harness.Ask("q-3", new Submit(Quick("s2", AdmissionPolicy.Queue))));

        Assert.Equal(TaskPhase.Pending, first.Phase);
        Assert.Equal(RejectionKind.QueueFull, full.Kind);
        Assert.Equal(0, (await _harness.Get("q-1")).Status.Attempt);

        Assert.IsType<Accepted>(await _harness.Ask("q-owner", new Cancel()));
        var one = await _harness.WaitSettled("q-1");
        var two = await _harness.WaitSettled("q-2");

        Assert.Equal(TaskPhase.Succeeded, one.Phase);
        Assert.Equal(TaskPhase.Succeeded, two.Phase);
        var ownerRun = Assert.Single(await _harness.Runs("q-owner"));
        var oneRun = Assert.Single(await _harness.Runs("q-1"));
        var twoRun = Assert.Single(await _harness.Runs("q-2"));
        Assert.True(oneRun.StartedAt >= ownerRun.FinishedAt, "q-1 started before the owner's attempt ended");
        Assert.True(twoRun.StartedAt >= oneRun.FinishedAt, "q-2 started before q-1 ended");
    }

    [Fact]
    [Trait("Invariant", "5")]
    public async Task Replace_cancels_the_owner_and_starts_the_newcomer_only_after_the_old_process_is_gone()
    {
        var pidFile = Path.Combine(_harness.Directory, "owner.pid");
        var owner = TaskSpec.Builder("s3", SubprocessWorkload.Command("sh", "-c", $"echo $$ > '{pidFile}'; exec sleep 60")).Admission(AdmissionPolicy.Replace).Build();
        await _harness.Submit("r-owner", owner);
        await _harness.WaitFor("r-owner", t => t.Phase == TaskPhase.Running && File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, what: "running");

        var accepted = await _harness.Submit("r-new", Quick("s3", AdmissionPolicy.Replace));
        var replaced = await _harness.WaitSettled("r-owner");
        var newcomer = await _harness.WaitSettled("r-new");

        Assert.Equal(TaskPhase.Pending, accepted.Phase);
        Assert.Equal(TaskPhase.Canceled, replaced.Phase);
        Assert.Equal("replaced by task 'r-new'", replaced.Status.Error);
        Assert.Equal(TaskPhase.Succeeded, newcomer.Phase);
        var oldRun = Assert.Single(await _harness.Runs("r-owner"));
        var newRun = Assert.Single(await _harness.Runs("r-new"));
        Assert.True(newRun.StartedAt >= oldRun.FinishedAt, "the newcomer started before the old attempt stopped");
        Assert.False(Runners.RunnerTestKit.IsAlive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_queued_head_displaced_by_a_replace_ends_Canceled_with_SupersededByReplace()
    {
        await _harness.Submit("d-owner", Waiting("s4", AdmissionPolicy.Queue));
        await _harness.Submit("d-queued", Quick("s4", AdmissionPolicy.Queue));

        await _harness.Submit("d-replacer", Quick("s4", AdmissionPolicy.Replace));
        var displaced = await _harness.WaitSettled("d-queued");
        var replacer = await _harness.WaitSettled("d-replacer");

        Assert.Equal(TaskPhase.Canceled, displaced.Phase);
        Assert.Equal("SupersededByReplace", displaced.Status.Error);
        Assert.Empty(await _harness.Runs("d-queued"));
        Assert.Equal(TaskPhase.Canceled, (await _harness.Get("d-owner")).Phase);
        Assert.Equal(TaskPhase.Succeeded, replacer.Phase);
    }

    [Fact]
    public async Task A_slot_stays_busy_while_its_owner_waits_out_a_backoff_and_replace_cancels_it_there()
    {
        var failing = TaskSpec.Builder("s5", HandlerWorkload.Create("throw")).Restart(RestartPolicy.OnFailure)
            .Backoff(new BackoffPolicy(JitterPolicy.None, 60_000, 60_000, 1)).Admission(AdmissionPolicy.DropIfRunning).Build();
        await _harness.Submit("b-owner", failing);
        await _harness.WaitFor("b-owner", t => t.Status.NextAttemptAt is not null, what: "waiting out a backoff");

        var busy = Assert.IsType<Rejected>(await _harness.Ask("b-drop", new Submit(Quick("s5", AdmissionPolicy.DropIfRunning))));
        Assert.Equal(RejectionKind.SlotBusy, busy.Kind);

        await _harness.Submit("b-replace", Quick("s5", AdmissionPolicy.Replace));
        var owner = await _harness.WaitSettled("b-owner");
        var replacer = await _harness.WaitSettled("b-replace");

        Assert.Equal(TaskPhase.Canceled, owner.Phase);
        Assert.Single(await _harness.Runs("b-owner"));
        Assert.Equal(TaskPhase.Succeeded, replacer.Phase);
    }

    [Fact]
    public async Task A_periodic_owner_keeps_its_slot_between_runs()
    {
        await _harness.Submit("p-owner", TaskSpec.Builder("s6", HandlerWorkload.Create("noop")).Restart(RestartPolicy.Periodic(60_000)).Build());
        await _harness.WaitFor("p-owner", t => t.Phase == TaskPhase.Succeeded && t.Status.NextAttemptAt is not null, what: "waiting for its next run");

        var busy = Assert.IsType<Rejected>(await _harness.Ask("p-drop", new Submit(Quick("s6", AdmissionPolicy.DropIfRunning))));

        Assert.Equal(RejectionKind.SlotBusy, busy.Kind);
    }

    [Fact]
    public async Task Canceling_a_queued_task_removes_it_from_the_queue()
    {
        await _harness.Submit("c-owner", Waiting("s7", AdmissionPolicy.Queue));
        await _harness.Submit("c-queued", Quick("s7", AdmissionPolicy.Queue));
        await _harness.Submit("c-next", Quick("s7", AdmissionPolicy.Queue));

        Assert.IsType<Accepted>(await _harness.Ask("c-queued", new Cancel()));
        Assert.IsType<Accepted>(await _harness.Ask("c-owner", new Cancel()));
        var next = await _harness.WaitSettled("c-next");

        Assert.Equal(TaskPhase.Succeeded, next.Phase);
        Assert.Equal(TaskPhase.Canceled, (await _harness.Get("c-queued")).Phase);
        Assert.Empty(await _harness.Runs("c-queued"));
    }
}
