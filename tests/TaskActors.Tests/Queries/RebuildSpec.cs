using TaskActors.Model.Identity;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using Xunit.Abstractions;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Queries;

/// <summary>The index rebuilt from the store after a restart equals the live index it replaced.</summary>
public sealed class RebuildSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_index_rebuilt_after_a_restart_equals_the_live_index()
    {
        await using var harness = new QueryHarness();
        await RebuiltEqualsLive(harness, output);
    }

    /// <summary>The scenario on <paramref name="harness"/>'s store (the PostgreSQL spec runs it too).</summary>
    internal static async Task RebuiltEqualsLive(QueryHarness harness, ITestOutputHelper output)
    {
        var (node, kit) = harness.StartNode("first");
        // Real tasks through TaskActors (one slot each: admission is not what is tested here).
        foreach (var (id, handler) in new[] { ("real-ok", "noop"), ("real-fail", "throw"), ("real-gone", "noop") })
        {
            var spec = new TaskSpecBuilder("slot-" + id, HandlerWorkload.Create(handler)).Label("kind", "real").Build();
            Assert.IsType<Accepted>(await node.AskAsync(new TaskId(id), new Submit(spec)));
        }

        // Tasks written by a plain persistent actor on this node (changes published like a TaskActor's) ...
        for (var i = 0; i < 20; i++)
        {
            await harness.Write(node.System, $"local-{i:00}", TaskScript.Lifecycle($"local-{i:00}", 1 + (i % 7)), publishLocally: true);
        }

        // ... and by another process.
        var (writer, _) = harness.StartSystem("writer");
        for (var i = 0; i < 20; i++)
        {
            await harness.Write(writer, $"remote-{i:00}", TaskScript.Lifecycle($"remote-{i:00}", 2 + (i % 5)));
        }

        foreach (var id in new[] { "real-ok", "real-fail", "real-gone" })
        {
            await kit.AwaitAssertAsync(async () =>
            {
                var task = Assert.IsType<Found>(await node.AskAsync(new TaskId(id), Get.Instance)).Task;
                Assert.True(task.IsSettled, $"{id} is {task.Phase}");
            }, QueryHarness.Timeout, TimeSpan.FromMilliseconds(20));
        }

        Assert.IsType<Deleted>(await node.AskAsync(new TaskId("real-gone"), Delete.Instance));
        await kit.AwaitAssertAsync(async () =>
        {
            var listed = await QueryHarness.ListAll(node.Index);
            Assert.Equal(42, listed.Count); // 2 real + 20 local + 20 remote (the remote ones arrive through the journal)
            Assert.DoesNotContain(listed, t => t.Id.Value == "real-gone");
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));
        var live = QueryHarness.Render(await QueryHarness.ListAll(node.Index));
        await node.DisposeAsync();
        await node.System.WhenTerminated;

        var (restarted, restartedKit) = harness.StartNode("second");
        var started = DateTime.UtcNow;
        var rebuilt = QueryHarness.Render(await QueryHarness.ListAll(restarted.Index)); // answered after the rebuild
        output.WriteLine($"rebuild answered after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms; {rebuilt.Count} tasks");
        Assert.Equal(live, rebuilt);
        var status = await QueryHarness.Status(restarted.Index);
        Assert.True(status.Rebuilt);
        Assert.Equal(42, status.Tasks);
        Assert.True(status.LastOffset > 0);
        _ = restartedKit;
    }
}
