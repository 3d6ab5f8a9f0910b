using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Cluster;

/// <summary>
/// Cluster mode in one process: three real nodes (actor systems joined over loopback remoting) on one shared store.
/// The single-node guarantees must hold when a task's entity, its slot's entity and the client sit on different nodes.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ShardedTasksSpec : IAsyncLifetime
{
    private readonly ClusterHarness _cluster = new();

    public Task InitializeAsync() => _cluster.StartAsync(3);

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Tasks_submitted_through_one_node_run_across_the_cluster_and_any_node_answers_for_them()
    {
        var (a, c) = (_cluster.Nodes[0], _cluster.Nodes[2]);
        var ids = Enumerable.Range(1, 30).Select(i => $"spread-{i}").ToList();
        foreach (var id in ids)
        {
            await ClusterHarness.Submit(a, id, TaskSpec.Builder("slot-" + id, HandlerWorkload.Create("noop")).Build());
        }

        var nodes = new HashSet<string>();
        foreach (var id in ids)
        {
            var done = await ClusterHarness.WaitFor(c, id, t => t.Phase == TaskPhase.Succeeded, "Succeeded");
            Assert.Equal(1, done.Status.Attempt);
            var runs = await ClusterHarness.Runs(_cluster.Nodes[1], id);
            nodes.Add(Assert.Single(runs).Node!);
        }

        // 30 ids over 100 shards on 3 nodes: the entities (and their attempts) live on more than one node.
        Assert.True(nodes.Count >= 2, $"all 30 tasks ran on {string.Join(", ", nodes)}");
        var again = Assert.IsType<AlreadyExists>(await ClusterHarness.Ask(c, ids[0], new Submit(TaskSpec.Builder("slot-" + ids[0], HandlerWorkload.Create("noop")).Build())));
        Assert.Equal(TaskPhase.Succeeded, again.Task.Phase);
    }

    [Fact]
    public async Task A_slot_queue_admits_in_submission_order_one_owner_at_a_time_across_nodes()
    {
        var ids = Enumerable.Range(1, 6).Select(i => $"queued-{i}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            // Each submission through another node; the slot's entity lives on one of them, the tasks' on any.
            var spec = TaskSpec.Builder("shared", SubprocessWorkload.Command("sh", "-c", "sleep 0.2")).Admission(AdmissionPolicy.Queue).Build();
            await ClusterHarness.Submit(_cluster.Nodes[i % 3], ids[i], spec);
        }

        var runs = new List<TaskRun>();
        foreach (var id in ids)
        {
            await ClusterHarness.WaitFor(_cluster.Nodes[0], id, t => t.Phase == TaskPhase.Succeeded, "Succeeded");
            runs.Add(Assert.Single(await ClusterHarness.Runs(_cluster.Nodes[1], id)));
        }

        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt,
                $"{ids[i]} started at {runs[i].StartedAt:O} before {ids[i - 1]} finished at {runs[i - 1].FinishedAt:O}");
        }
    }

    [Fact]
    public async Task A_node_that_leaves_stops_its_attempts_and_its_tasks_continue_on_the_others()
    {
        var ids = Enumerable.Range(1, 9).Select(i => $"leave-{i}").ToList();
        var markers = new Dictionary<string, (string Started, string Resumed)>();
        foreach (var id in ids)
        {
            var started = Path.Combine(_cluster.Directory, id + ".started");
            var resumed = Path.Combine(_cluster.Directory, id + ".resumed");
            markers[id] = (started, resumed);
            var script = $"if [ -f '{started}' ]; then touch '{resumed}'; exit 0; fi; touch '{started}'; exec sleep 60";
            await ClusterHarness.Submit(_cluster.Nodes[0], id, TaskSpec.Builder("s-" + id, SubprocessWorkload.Command("sh", "-c", script)).Build());
        }

        var where = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            await ClusterHarness.WaitFor(_cluster.Nodes[0], id, t => t.Phase == TaskPhase.Running && File.Exists(markers[id].Started), "Running");
            where[id] = Assert.Single(await ClusterHarness.Runs(_cluster.Nodes[0], id)).Node!;
        }

        // Leave with the node that runs the most attempts (never the one the spec asks through).
        var leaving = where.Values.Where(n => n != "node-1").GroupBy(n => n).OrderByDescending(g => g.Count()).First().Key;
        var node = _cluster.Nodes[int.Parse(leaving["node-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1];
        await ClusterHarness.Leave(node);

        foreach (var id in ids.Where(id => where[id] == leaving))
        {
            var done = await ClusterHarness.WaitFor(_cluster.Nodes[0], id, t => t.Phase == TaskPhase.Succeeded, "Succeeded after the leave");
            var runs = await ClusterHarness.Runs(_cluster.Nodes[0], id);
            Assert.Equal(2, done.Status.Attempt);
            Assert.Equal([1, 2], runs.Select(r => r.Attempt));
            Assert.Contains("interrupted", runs[0].Error, StringComparison.Ordinal);
            Assert.True(runs[1].StartedAt >= runs[0].FinishedAt, $"{id}: attempt 2 started before attempt 1 was recorded stopped");
            Assert.NotEqual(leaving, runs[1].Node);
            Assert.True(File.Exists(markers[id].Resumed));
        }

        // The tasks on the other nodes were not disturbed: still their first attempt, still running.
        foreach (var id in ids.Where(id => where[id] != leaving))
        {
            var task = Assert.IsType<Found>(await ClusterHarness.Ask(_cluster.Nodes[0], id, Get.Instance)).Task;
            Assert.Equal((TaskPhase.Running, 1), (task.Phase, task.Status.Attempt));
            Assert.IsType<Accepted>(await ClusterHarness.Ask(_cluster.Nodes[0], id, new Cancel()));
        }
    }
}
