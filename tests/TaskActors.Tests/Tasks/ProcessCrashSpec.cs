using System.Globalization;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Testing;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// The process-level crash test: a child process runs the real runtime with a few hundred tasks; the test kills it
/// with SIGKILL mid-flight, starts a node on the same file, and checks that no acknowledged task is lost, attempt
/// numbers are consecutive, no attempt is finished twice, and every task reaches its expected terminal phase.
/// </summary>
public sealed class ProcessCrashSpec : IAsyncLifetime
{
    private const int Tasks = 200;
    private readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    [Trait("Invariant", "2")]
    [Trait("Invariant", "6")]
    [Trait("Invariant", "7")]
    public async Task A_node_killed_with_SIGKILL_mid_flight_loses_nothing_and_every_task_finishes_after_restart()
    {
        var acknowledged = await RunProbeUntilKilled();
        Assert.NotEmpty(acknowledged);

        _harness.Start();
        foreach (var id in acknowledged)
        {
            var index = int.Parse(id["crash-".Length..], CultureInfo.InvariantCulture);
            var task = await _harness.WaitSettled(id, TimeSpan.FromSeconds(60));
            var expected = (index % 3) switch { 0 => TaskPhase.Succeeded, 1 => TaskPhase.Succeeded, _ => TaskPhase.Failed };
            Assert.True(expected == task.Phase, $"{id}: expected {expected}, got {task.Phase} ({task.Status.Error})");
            if (expected == TaskPhase.Failed)
            {
                Assert.Contains(task.Status.Error, new[] { "exit code 3", AttemptFinished.InterruptedError });
            }

            var runs = await _harness.Runs(id);
            Assert.Equal(Enumerable.Range(1, runs.Count), runs.Select(r => r.Attempt));
            Assert.All(runs, r => Assert.False(r.IsActive));

            var events = await _harness.EventsOf(id);
            var finishedAttempts = events.OfType<AttemptFinished>().Select(f => f.Attempt).ToList();
            Assert.Equal(finishedAttempts.Distinct().Count(), finishedAttempts.Count);
            Assert.Equal(events.Count, task.Metadata.ResourceVersion);
        }
    }

    private async Task<IReadOnlyList<string>> RunProbeUntilKilled()
    {
        var acknowledged = new List<string>();
        await KilledProcess.RunUntilKilled(
            BuiltArtifacts.CrashProbe,
            [_harness.StorePath, _harness.Directory, Tasks.ToString(CultureInfo.InvariantCulture)],
            line =>
            {
                if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    acknowledged.Add(line[4..]);
                }

                // Killed once most tasks are in and some attempts are surely under way.
                return acknowledged.Count >= Tasks * 2 / 3;
            },
            TimeSpan.FromMinutes(2));
        return acknowledged;
    }
}
