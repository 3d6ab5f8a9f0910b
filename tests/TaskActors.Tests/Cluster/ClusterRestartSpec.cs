using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Tests.Cluster;

/// <summary>
/// A whole-cluster restart: every node stops abruptly while attempts run; a new cluster on the same store wakes every
/// active task (remember-entities in the shared journal) with no client asking, and each continues with a new attempt.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterRestartSpec
{
    [Fact]
    public async Task After_a_whole_cluster_restart_every_active_task_resumes_with_no_client_asking()
    {
        await using var cluster = new ClusterHarness();
        var first = await cluster.StartAsync(2);
        var ids = Enumerable.Range(1, 12).Select(i => $"restart-{i}").ToList();
        var markers = ids.ToDictionary(id => id, id => (Started: Path.Combine(cluster.Directory, id + ".started"), Resumed: Path.Combine(cluster.Directory, id + ".resumed")));
        foreach (var id in ids)
        {
            var (started, resumed) = markers[id];
            var script = $"if [ -f '{started}' ]; then touch '{resumed}'; exit 0; fi; touch '{started}'; exec sleep 60";
            await ClusterHarness.Submit(first[0], id, TaskSpec.Builder("s-" + id, SubprocessWorkload.Command("sh", "-c", script)).Build());
        }

        foreach (var id in ids)
        {
            await ClusterHarness.WaitFor(first[1], id, t => t.Phase == TaskPhase.Running && File.Exists(markers[id].Started), "Running");
        }

        // Every node vanishes at once (no graceful stop: the attempts stay open in the journal).
        await Task.WhenAll(first.Select(ClusterHarness.Crash));

        var second = await cluster.StartAsync(2);
        // Nobody asks a task anything: the shards remember them, and each resumes by itself.
        await Testing.Eventually.Until(() => ids.All(id => File.Exists(markers[id].Resumed)), "every task ran its second attempt", ClusterHarness.HangGuard);

        foreach (var id in ids)
        {
            var done = await ClusterHarness.WaitFor(second[0], id, t => t.Phase == TaskPhase.Succeeded, "Succeeded");
            Assert.Equal(2, done.Status.Attempt);
            var runs = await ClusterHarness.Runs(second[1], id);
            Assert.Contains("interrupted", runs[0].Error, StringComparison.Ordinal);
        }
    }
}
