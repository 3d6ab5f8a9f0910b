using System.Diagnostics;
using System.Globalization;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Slots;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Tasks;
using TaskActors.Testing;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// Fenced attempts and stopping politely, on real processes and a real journal: a successor node reaps a process group
/// recorded by a dead owner before the next attempt starts (and leaves alone a pid that was reused); cancel and timeout
/// send SIGTERM to the attempt's group and a trap finishes its cleanup; a graceful stop is an interruption that is
/// followed by a new attempt even with <c>restart: never</c>.
/// </summary>
[Trait("Category", "Fencing")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FencingSpec
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-1);

    /// <summary>
    /// A shell workload that writes, when it starts, how many live (not zombie) processes group
    /// <paramref name="group"/> still has, to <paramref name="report"/>.
    /// </summary>
    private static SubprocessWorkload ReportsLiveMembersOf(int group, string report) =>
        SubprocessWorkload.Command("sh", "-c",
            $"n=$(ps -eo pgid=,stat= | awk -v g={group} '$1 == g && $2 !~ /^Z/' | wc -l); echo $n > '{report}.tmp'; mv '{report}.tmp' '{report}'");

    /// <summary>Starts <c>setsid sh -c SCRIPT</c> as a process group of its own, as a dead node's supervisor would have left it.</summary>
    private static async Task<(Process Leader, int Group, long StartTime)> StartGroup(string script)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        var leader = Process.Start(start)!;
        var group = leader.Id;
        long startTime = 0;
        await Eventually.Until(() =>
        {
            var stat = ReadStat(group);
            if (stat is { Group: var g, StartTime: var s } && g == group)
            {
                startTime = s;
                return true;
            }

            return false;
        }, "the leader is in its own process group");
        return (leader, group, startTime);
    }

    private static (int Group, long StartTime)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[2], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task SeedOpenAttempt(RuntimeHarness harness, string id, TaskSpec spec, int group, long startTime) =>
        await harness.Seed(
            (PersistenceIds.Task(new TaskId(id)), [
                new TaskCreated(new TaskId(id), spec, T0),
                new AttemptStarted(1, T0, "subprocess", "dead-node"),
                new AttemptProcessStarted(1, group, startTime, T0)]),
            (PersistenceIds.Slot(spec.Slot), [new SlotOwnerAssigned(new TaskId(id))]),
            (PersistenceIds.Region, [new TaskActivated(id)]));

    [Fact]
    public async Task A_successor_node_reaps_the_recorded_process_group_of_a_dead_owner_before_the_next_attempt_starts()
    {
        await using var harness = new RuntimeHarness();
        var termed = Path.Combine(harness.Directory, "termed");
        var report = Path.Combine(harness.Directory, "members-at-attempt-2");
        // A group that survived its node and its supervisor: a shell that cleans up on SIGTERM and a sleeping child.
        var (leader, group, startTime) = await StartGroup($"trap 'echo termed > {termed}; exit 0' TERM; sleep 600 & wait");
        using (leader)
        {
            await SeedOpenAttempt(harness, "survivor", TaskSpec.Builder("s", ReportsLiveMembersOf(group, report)).Build(), group, startTime);

            harness.Start(); // nobody asks: the region wakes the task, which reaps, records the interruption, and retries

            var task = await harness.WaitSettled("survivor");
            Assert.Equal(TaskPhase.Succeeded, task.Phase);
            Assert.Equal("0\n", await File.ReadAllTextAsync(report)); // no member of the old group was alive when attempt 2 began
            Assert.Equal("termed\n", await File.ReadAllTextAsync(termed)); // politely first
            Assert.True(leader.HasExited);
            var runs = await harness.Runs("survivor");
            Assert.Equal([1, 2], runs.Select(r => r.Attempt));
            Assert.Equal((TaskPhase.Failed, AttemptFinished.InterruptedError, group), (runs[0].Phase, runs[0].Error, runs[0].Pid));
        }
    }

    [Fact]
    public async Task A_recorded_group_id_now_used_by_another_process_is_not_signalled()
    {
        await using var harness = new RuntimeHarness();
        var termed = Path.Combine(harness.Directory, "termed");
        var report = Path.Combine(harness.Directory, "members-at-attempt-2");
        var (leader, group, startTime) = await StartGroup($"trap 'echo termed > {termed}; exit 0' TERM; sleep 600 & wait");
        using (leader)
        {
            try
            {
                // The journal's start time is not this process's: the pid was reused since the record was written.
                await SeedOpenAttempt(harness, "reused", TaskSpec.Builder("r", ReportsLiveMembersOf(group, report)).Build(), group, startTime - 1);

                harness.Start();

                Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("reused")).Phase);
                Assert.False(leader.HasExited, "a process that only shares the recorded pid was stopped");
                Assert.False(File.Exists(termed), "a process that only shares the recorded pid got SIGTERM");
                Assert.NotEqual("0\n", await File.ReadAllTextAsync(report));
            }
            finally
            {
                leader.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_timeout_sends_SIGTERM_and_a_trap_finishes_its_cleanup_within_the_grace_and_the_run_says_SIGTERM()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        var cleaned = Path.Combine(harness.Directory, "cleaned");
        var spec = TaskSpec.Builder("t", SubprocessWorkload.Command("sh", "-c", $"trap 'echo cleaned >> {cleaned}; exit 0' TERM; sleep 600 & wait"))
            .TimeoutMs(500)
            .StopGracePeriodMs(120_000)
            .Build();

        await harness.Submit("slow", spec);
        var task = await harness.WaitSettled("slow"); // long before the 2 min grace: the trap ended it

        Assert.Equal(TaskPhase.Timeout, task.Phase);
        var run = Assert.Single(await harness.Runs("slow"));
        Assert.Equal((TaskPhase.Timeout, "SIGTERM", 0), (run.Phase, run.Signal, run.ExitCode));
        Assert.StartsWith("timed out after 500 ms (canceled: process group", run.Error, StringComparison.Ordinal);
        Assert.Equal("cleaned\n", await File.ReadAllTextAsync(cleaned));
    }

    [Fact]
    public async Task A_cancel_sends_SIGTERM_and_a_process_ignoring_it_gets_SIGKILL_after_the_tasks_grace()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        var cleaned = Path.Combine(harness.Directory, "cleaned");
        var ready = Path.Combine(harness.Directory, "ready");
        var stubbornReady = Path.Combine(harness.Directory, "stubborn-ready");
        await harness.Submit("polite", TaskSpec.Builder("p", SubprocessWorkload.Command("sh", "-c",
            $"trap 'echo cleaned >> {cleaned}; exit 0' TERM; touch {ready}; sleep 600 & wait")).StopGracePeriodMs(120_000).Build());
        await harness.Submit("stubborn", TaskSpec.Builder("q", SubprocessWorkload.Command("sh", "-c",
            $"trap '' TERM; touch {stubbornReady}; sleep 600")).StopGracePeriodMs(200).Build());
        await Eventually.Until(() => File.Exists(ready) && File.Exists(stubbornReady), "both traps set");

        Assert.IsType<Accepted>(await harness.Ask("polite", new Cancel()), exactMatch: false);
        Assert.IsType<Accepted>(await harness.Ask("stubborn", new Cancel()), exactMatch: false);

        await Eventually.Until(async () => (await harness.Runs("polite")).Concat(await harness.Runs("stubborn")).All(r => !r.IsActive), "both canceled attempts recorded");
        var polite = Assert.Single(await harness.Runs("polite"));
        var stubborn = Assert.Single(await harness.Runs("stubborn"));
        Assert.Equal((TaskPhase.Canceled, "SIGTERM"), (polite.Phase, polite.Signal));
        Assert.Equal("cleaned\n", await File.ReadAllTextAsync(cleaned));
        Assert.Equal((TaskPhase.Canceled, "SIGKILL"), (stubborn.Phase, stubborn.Signal));
        Assert.Contains("after the stop grace period of 200 ms", stubborn.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graceful_stop_interrupts_the_attempt_and_the_next_start_runs_a_new_one_even_with_restart_never()
    {
        await using var harness = new RuntimeHarness("task-actors.runtime.shutdown-grace = 10s");
        harness.Start();
        var (workload, started, resumed) = harness.BlocksFirstRun("never");
        await harness.Submit("never", TaskSpec.Builder("n", workload).Build()); // restart: never (the default)
        await Eventually.Until(() => File.Exists(started), "attempt 1 runs");

        await harness.StopGracefully();
        harness.Start();

        var task = await harness.WaitSettled("never");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.True(File.Exists(resumed));
        var runs = await harness.Runs("never");
        Assert.Equal([(1, TaskPhase.Failed), (2, TaskPhase.Succeeded)], runs.Select(r => (r.Attempt, r.Phase)));
        Assert.Equal(("SIGTERM", AttemptFinished.InterruptedError), (runs[0].Signal, runs[0].Error));
        var retry = Assert.Single((await harness.EventsOf("never")).OfType<RetryScheduled>());
        Assert.Equal(RetryReason.Interruption, retry.Reason);
    }
}
