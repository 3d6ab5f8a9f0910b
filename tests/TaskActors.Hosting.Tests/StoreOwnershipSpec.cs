using TaskActors.Client;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>
/// The embedded host owns its store by the same rule as the <c>taskactors</c> command: a second host, or a `run`
/// beside it, fails at start naming the owner, and the command's writes go through the host while it runs.
/// </summary>
public sealed class StoreOwnershipSpec
{
    private static int Rounds => OwnershipRounds.Count;

    [Fact]
    public async Task A_second_host_on_the_same_store_fails_at_start_naming_the_owner_and_the_first_keeps_working()
    {
        await using var first = new HostHarness();
        await first.StartAsync();
        var store = first.Runtime.StorePath!;

        await using var second = new HostHarness();
        var refused = await Assert.ThrowsAsync<StoreOwnedException>(() => second.StartAsync(o => o.StorePath = store));
        Assert.Equal(Environment.ProcessId, refused.Owner?.ProcessId);
        Assert.Contains($"is owned by pid {Environment.ProcessId} on host {Environment.MachineName} since ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("(AddTaskActors)", refused.Message, StringComparison.Ordinal);

        var submitted = Assert.IsType<SubmitResult.Accepted>(
            await first.Client.SubmitAsync(TaskSpec.Builder("after-refusal", HandlerWorkload.Create("record")).Build()));
        Assert.Equal(TaskPhase.Succeeded, (await first.WaitSettled(submitted.Task.Id.Value)).Phase);

        // Once the first host has stopped, the store is free again (given up when its actor system has terminated,
        // which can be a moment after StopAsync returns: the owner record is cleared then).
        await first.StopAsync();
        await Eventually.Until(() => new FileInfo(store + ".lock").Length == 0, "the stopped host to give the store up");
        await using var third = new HostHarness();
        await third.StartAsync(o => o.StorePath = store);
        Assert.Equal(TaskPhase.Succeeded, (await third.WaitSettled(submitted.Task.Id.Value)).Phase);
    }

    [Fact]
    public async Task A_run_beside_a_starting_host_leaves_exactly_one_owner_each_round_and_the_loser_names_it()
    {
        var hostWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await using var harness = new HostHarness();
            var store = Path.Combine(harness.ContentRoot, "data", "taskactors.db");
            using var cli = CliProcess.Start(harness.ContentRoot, "run", "--store", store);
            // Stagger the host's start across rounds so each side gets to be first.
            await Task.Delay(TimeSpan.FromMilliseconds(250 * (round % 6)));
            StoreOwnedException? refused = null;
            try
            {
                await harness.StartAsync();
            }
            catch (StoreOwnedException e)
            {
                refused = e;
            }

            if (refused is null)
            {
                hostWins++;
                CliProcess.Result result;
                try
                {
                    result = await cli.WaitAsync(CliProcess.Patience);
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"round {round}: {e.Message}\nsidecar: {await File.ReadAllTextAsync(store + ".lock")}\n/proc/locks:\n{await File.ReadAllTextAsync("/proc/locks")}", e);
                }

                Assert.True(result.ExitCode == 4, $"round {round}: the run beside the owning host exited {result.ExitCode}\n{result.Stderr}");
                Assert.Contains($"is owned by pid {Environment.ProcessId} on host ", result.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("UNIQUE constraint failed", result.Stderr, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(refused.Owner?.ProcessId == cli.Pid, $"round {round}: the host was refused by {refused.Message}, not by the run (pid {cli.Pid})");
                Assert.Contains("(taskactors run)", refused.Message, StringComparison.Ordinal);
                Assert.False(cli.HasExited, $"round {round}: the owning run exited");
                cli.Kill();
                var result = await cli.WaitAsync(CliProcess.Patience);
                Assert.DoesNotContain("UNIQUE constraint failed", result.Stderr, StringComparison.Ordinal);
            }
        }

        // Which side wins depends on the machine's speed (the staggered start gives each a chance); either way there was one owner.
        Assert.InRange(hostWins, 0, Rounds);
    }

    [Fact]
    public async Task Cancel_from_the_command_goes_through_the_running_app_and_works_alone_once_the_app_has_stopped()
    {
        await using var harness = new HostHarness();
        await harness.StartAsync();
        var store = harness.Runtime.StorePath!;

        // A running attempt in the app: the command's cancel must reach the app's node (the app's client sees it).
        var held = Assert.IsType<SubmitResult.Accepted>(await harness.Client.SubmitAsync(TaskSpec.Builder("held", HandlerWorkload.Create("wait")).Build()));
        await harness.Handlers.StartedSignal(held.Task.Id.Value).Task.WaitAsync(Eventually.DefaultPatience);
        var canceled = await CliProcess.RunAsync(harness.ContentRoot, "cancel", held.Task.Id.Value, "--store", store, "--reason", "from the command");
        Assert.True(canceled.ExitCode == 0, $"cancel exited {canceled.ExitCode}\n{canceled.Stderr}");
        var seen = await harness.WaitFor(held.Task.Id.Value, t => t.Phase == TaskPhase.Canceled, "canceled in the app");
        Assert.Equal(TaskPhase.Canceled, seen.Phase);

        // A task waiting for its retry (an hour away) while the app is down: the command owns the store for the change.
        var waiting = Assert.IsType<SubmitResult.Accepted>(await harness.Client.SubmitAsync(
            TaskSpec.Builder("waiting", HandlerWorkload.Create("flaky", new { failures = 1000 }))
                .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 3_600_000, 3_600_000, 1)).Build()));
        var id = waiting.Task.Id.Value;
        await harness.WaitFor(id, t => t.Phase == TaskPhase.Failed && !t.IsSettled, "failed with a retry scheduled");
        await harness.StopAsync();

        var alone = await CliProcess.RunAsync(harness.ContentRoot, "cancel", id, "--store", store);
        Assert.True(alone.ExitCode == 0, $"cancel with the app stopped exited {alone.ExitCode}\n{alone.Stderr}");
        Assert.Contains($"task '{id}' canceled", alone.Stderr, StringComparison.Ordinal);

        await harness.StartAsync();
        Assert.Equal(TaskPhase.Canceled, (await harness.WaitFor(id, t => t.IsSettled, "settled")).Phase);
    }
}
