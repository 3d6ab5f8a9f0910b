using TaskActors.Model.Commands;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tests.Runners;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// One task's life on a node: attempts, retries, timeout, periodic runs, cancel, delete, rerun. The node runs on
/// virtual time, so every backoff, interval and timeout is passed by advancing its clock, never by waiting.
/// </summary>
public sealed class TaskLifecycleSpec : IAsyncLifetime
{
    private static readonly BackoffPolicy Quick = new(JitterPolicy.None, 20, 40, 2.0);
    private readonly RuntimeHarness _harness = RuntimeHarness.OnVirtualTime();

    public Task InitializeAsync()
    {
        _harness.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_subprocess_with_on_failure_policy_fails_twice_then_succeeds_after_backoff()
    {
        var counter = Path.Combine(_harness.Directory, "count");
        var script = $"n=$(cat '{counter}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{counter}'; echo attempt $n; [ $n -ge 3 ] || exit 7";
        var spec = TaskSpec.Builder("flaky", SubprocessWorkload.Command("sh", "-c", script))
            .Restart(RestartPolicy.OnFailure).Backoff(Quick).Build();

        await _harness.Submit("flaky-1", spec);
        await _harness.AdvanceToNextAttempt("flaky-1", 1);
        await _harness.AdvanceToNextAttempt("flaky-1", 2);
        var task = await _harness.WaitSettled("flaky-1");

        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.Equal(3, task.Status.Attempt);
        var runs = await _harness.Runs("flaky-1");
        Assert.Equal([1, 2, 3], runs.Select(r => r.Attempt));
        Assert.Equal([7, 7, 0], runs.Select(r => r.ExitCode ?? -1));
        Assert.Equal([TaskPhase.Failed, TaskPhase.Failed, TaskPhase.Succeeded], runs.Select(r => r.Phase));
        Assert.Equal("attempt 3\n", runs[2].StdoutTail);
        Assert.Equal(TimeSpan.FromMilliseconds(20), runs[1].StartedAt - runs[0].FinishedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(40), runs[2].StartedAt - runs[1].FinishedAt);
        // created + 3 x (started + process started + finished) + 2 x retry scheduled
        Assert.Equal(12, task.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_ends_the_attempt_Timeout()
    {
        var pidFile = Path.Combine(_harness.Directory, "sleep.pid");
        var spec = TaskSpec.Builder("slow", SubprocessWorkload.Command("sh", "-c", $"sleep 60 & echo $! > '{pidFile}'; wait"))
            .TimeoutMs(1500).Build();

        await _harness.Submit("slow-1", spec);
        await _harness.WaitFor("slow-1", _ => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, what: "its sleep child started");
        var sleepPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(1499));
        var before = await _harness.Get("slow-1");
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var task = await _harness.WaitSettled("slow-1");

        Assert.Equal(TaskPhase.Running, before.Phase);
        Assert.Equal(TaskPhase.Timeout, task.Phase);
        Assert.StartsWith("timed out after 1500 ms", task.Status.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Assert.Single(await _harness.Runs("slow-1")).Duration);
        Assert.False(RunnerTestKit.IsAlive(sleepPid), $"the sleep child {sleepPid} survived the timeout");
    }

    [Fact]
    public async Task Max_retries_ends_Exhausted_after_the_budget_and_never_ends_Failed()
    {
        var exhausting = TaskSpec.Builder("x", SubprocessWorkload.Command("false")).Restart(RestartPolicy.OnFailure).MaxRetries(2).Backoff(Quick).Build();
        var once = TaskSpec.Builder("y", SubprocessWorkload.Command("false")).Build();

        await _harness.Submit("exhaust-1", exhausting);
        await _harness.Submit("never-1", once);
        await _harness.AdvanceToNextAttempt("exhaust-1", 1);
        await _harness.AdvanceToNextAttempt("exhaust-1", 2);
        var exhausted = await _harness.WaitSettled("exhaust-1");
        var failed = await _harness.WaitSettled("never-1");

        Assert.Equal(TaskPhase.Exhausted, exhausted.Phase);
        Assert.Equal(3, exhausted.Status.Attempt);
        Assert.Contains("maxRetries 2", exhausted.Status.Error, StringComparison.Ordinal);
        Assert.All(await _harness.Runs("exhaust-1"), r => Assert.Equal(TaskPhase.Failed, r.Phase));
        Assert.Equal(TaskPhase.Failed, failed.Phase);
        Assert.Equal(1, failed.Status.Attempt);
        Assert.Equal(1, failed.Status.ExitCode);
    }

    [Fact]
    public async Task A_periodic_task_runs_again_after_each_interval()
    {
        var spec = TaskSpec.Builder("tick", HandlerWorkload.Create("noop")).Restart(RestartPolicy.Periodic(50)).Build();

        await _harness.Submit("tick-1", spec);
        var early = new List<TaskResource>();
        for (var attempt = 1; attempt < 3; attempt++)
        {
            await _harness.WaitFor("tick-1", t => t.Status.Attempt == attempt && t.Status.NextAttemptAt is not null, what: $"run {attempt} done, the next scheduled");
            _harness.Clock.Advance(TimeSpan.FromMilliseconds(49));
            early.Add(await _harness.Get("tick-1"));
            _harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await _harness.WaitFor("tick-1", t => t.Status.Attempt == 3 && t.Phase == TaskPhase.Succeeded, what: "three successful runs");
        var runs = await _harness.Runs("tick-1");

        Assert.Equal([1, 2], early.Select(t => t.Status.Attempt));
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(TaskPhase.Succeeded, r.Phase));
        for (var i = 1; i < 3; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(50), runs[i].StartedAt - runs[i - 1].FinishedAt); // the interval counts from the end of the previous run
        }

        Assert.IsType<Accepted>(await _harness.Ask("tick-1", new Cancel()));
        Assert.Equal(TaskPhase.Canceled, (await _harness.WaitSettled("tick-1")).Phase);
    }

    [Fact]
    public async Task Cancel_during_a_run_kills_the_process_and_ends_Canceled_and_a_stale_version_is_a_Conflict()
    {
        var pidFile = Path.Combine(_harness.Directory, "cancel.pid");
        var spec = TaskSpec.Builder("c", SubprocessWorkload.Command("sh", "-c", $"echo $$ > '{pidFile}'; exec sleep 60")).Build();
        var created = await _harness.Submit("cancel-1", spec);
        Assert.Equal(TaskPhase.Running, created.Phase); // created and first attempt started in one atomic write
        Assert.Equal(2, created.Metadata.ResourceVersion);
        var running = await _harness.WaitFor("cancel-1", t => t.Phase == TaskPhase.Running && File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, what: "running");

        var stale = await _harness.Ask("cancel-1", new Cancel(ExpectedResourceVersion: created.Metadata.ResourceVersion - 1));
        var conflict = Assert.IsType<Conflict>(stale);
        Assert.Equal(running.Metadata.ResourceVersion, conflict.ActualResourceVersion);

        Assert.IsType<Accepted>(await _harness.Ask("cancel-1", new Cancel(ExpectedResourceVersion: running.Metadata.ResourceVersion)));
        var task = await _harness.WaitFor("cancel-1", t => t.Phase == TaskPhase.Canceled);
        await _harness.Kit.AwaitAssertAsync(async () => Assert.All(await _harness.Runs("cancel-1"), r => Assert.False(r.IsActive)));

        Assert.Equal("canceled by client", task.Status.Error);
        var run = Assert.Single(await _harness.Runs("cancel-1"));
        Assert.Equal(TaskPhase.Canceled, run.Phase);
        Assert.False(RunnerTestKit.IsAlive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the process survived the cancel");
    }

    [Fact]
    public async Task A_handler_that_throws_fails_the_attempt_naming_the_exception()
    {
        await _harness.Submit("throw-1", TaskSpec.Builder("h", HandlerWorkload.Create("throw")).Build());
        var task = await _harness.WaitSettled("throw-1");

        Assert.Equal(TaskPhase.Failed, task.Phase);
        Assert.Equal("InvalidOperationException: boom on attempt 1", task.Status.Error);
    }

    [Fact]
    public async Task Submitting_an_existing_id_answers_AlreadyExists_and_bad_input_is_rejected_clearly()
    {
        var spec = TaskSpec.Builder("s", HandlerWorkload.Create("noop")).Build();
        await _harness.Submit("same-1", spec);

        Assert.IsType<AlreadyExists>(await _harness.Ask("same-1", new Submit(spec)));
        var unknown = Assert.IsType<Rejected>(await _harness.Ask("unknown-1", new Submit(TaskSpec.Builder("s", HandlerWorkload.Create("nope")).Build())));
        Assert.Equal(RejectionKind.UnknownHandler, unknown.Kind);
        var wasm = Assert.IsType<Rejected>(await _harness.Ask("wasm-1", new Submit(TaskSpec.Builder("s", new WasmWorkload("m.wasm", Model.Common.ValueList<string>.Empty, Model.Common.ValueList<EnvVar>.Empty)).Build())));
        Assert.Equal(RejectionKind.NoRunner, wasm.Kind);
        var invalid = Assert.IsType<Invalid>(await _harness.Ask("bad-1", new Submit(spec with { TimeoutMs = 0 })));
        Assert.Equal("spec.timeoutMs", Assert.Single(invalid.Errors).Path);
        Assert.IsType<NotFound>(await _harness.Ask("unknown-1", Get.Instance));
    }

    [Fact]
    public async Task Delete_stops_the_task_and_removes_its_history_and_rerun_starts_a_new_streak()
    {
        var spec = TaskSpec.Builder("d", HandlerWorkload.Create("throw")).Build();
        await _harness.Submit("rerun-1", spec);
        await _harness.WaitSettled("rerun-1");

        Assert.IsType<Accepted>(await _harness.Ask("rerun-1", Rerun.Instance));
        var rerun = await _harness.WaitFor("rerun-1", t => t.Status.Attempt == 2 && t.Phase == TaskPhase.Failed);
        Assert.Equal(2, (await _harness.Runs("rerun-1")).Count);

        Assert.IsType<Deleted>(await _harness.Ask("rerun-1", Delete.Instance));
        Assert.IsType<NotFound>(await _harness.Ask("rerun-1", Get.Instance));
        var retired = Assert.IsType<Rejected>(await _harness.Ask("rerun-1", new Submit(spec)));
        Assert.Equal(RejectionKind.IdRetired, retired.Kind);
        Assert.True(rerun.Metadata.ResourceVersion >= 6);
    }
}
