using Akka.Actor;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Queries;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Tests.Queries;

/// <summary>Watch: completeness and order per task, replay from a resourceVersion, overflow, unwatch, validation.</summary>
public sealed class WatchSpec() : WatchChecks(new QueryHarness());

/// <summary>The checks of <see cref="WatchSpec"/>, for any store: each store's spec class derives from this once with its harness.</summary>
public abstract class WatchChecks(QueryHarness harness) : IAsyncLifetime
{
    private readonly QueryHarness _harness = harness;
    private Node.TaskActorsNode _node = null!;
    private Akka.TestKit.Xunit2.TestKit _kit = null!;

    public Task InitializeAsync()
    {
        (_node, _kit) = _harness.StartNode();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_burst_of_1000_changes_on_this_node_arrives_complete_and_in_order_per_task()
    {
        var watch = new WatchProbe(_kit);
        await watch.Start(_node.Index);
        // 10 tasks x 100 events, written concurrently; each change reaches the index twice (event stream and journal).
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _harness.Write(_node.System, $"burst-{i}", TaskScript.Lifecycle($"burst-{i}", 100), publishLocally: true)));
        watch.Collect(1000);
        Assert.Equal(1000, watch.Changes.Count);
        WatchProbe.AssertConsecutive(watch.Changes);
        Assert.Equal(10, watch.Changes.Select(c => c.Task.Id).Distinct().Count());
        Assert.All(watch.Changes, c => Assert.Equal(c.Task.Metadata.UpdatedAt, c.Event.At));
    }

    [Fact]
    public async Task A_burst_of_1000_changes_from_another_process_arrives_complete_and_in_order_per_task()
    {
        var (writer, _) = _harness.StartSystem("writer");
        var watch = new WatchProbe(_kit);
        await watch.Start(_node.Index);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            // in several writes per task, so the feed sees them interleaved
            for (var part = 0; part < 4; part++)
            {
                await _harness.Write(writer, $"remote-{i}", TaskScript.Lifecycle($"remote-{i}", 100).Skip(part * 25).Take(25).ToList());
            }
        }));
        watch.Collect(1000);
        WatchProbe.AssertConsecutive(watch.Changes);
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_then_continues_live_with_no_gap_or_duplicate_at_the_seam()
    {
        await _harness.Write(_node.System, "seam", TaskScript.Lifecycle("seam", 30), publishLocally: true);
        var watch = new WatchProbe(_kit);
        // More changes are being written while the watch starts and replays.
        var more = Task.Run(async () =>
        {
            for (var from = 30; from < 60; from += 3)
            {
                await _harness.Write(_node.System, "seam", TaskScript.Continue("seam", from, 3), publishLocally: true);
            }
        });
        await watch.Start(_node.Index, new TaskId("seam"), from: 10);
        await more;
        watch.Collect(50); // versions 11..60
        Assert.Equal(50, watch.Changes.Count);
        WatchProbe.AssertConsecutive(watch.Changes, firstVersion: 11);
        var expected = TaskScript.Fold(TaskScript.Lifecycle("seam", 60)).Resource!;
        Assert.Equal(Model.Json.TaskJson.Serialize(expected), Model.Json.TaskJson.Serialize(watch.Changes[^1].Task));
    }

    [Fact]
    public async Task A_subscriber_that_does_not_acknowledge_is_told_it_overflowed()
    {
        await using var small = new QueryHarness("task-actors.queries.watch { buffer-size = 50, batch-size = 10 }");
        var (node, kit) = small.StartNode("small");
        var probe = kit.CreateTestProbe();
        Assert.IsType<WatchStarted>(await node.Index.Ask<IQueryReply>(new WatchTasks(null, null, null, probe.Ref), QueryHarness.Timeout));
        await small.Write(node.System, "flood", TaskScript.Lifecycle("flood", 100), publishLocally: true);
        var first = probe.ExpectMsg<TaskWatchBatch>();
        Assert.InRange(first.Events.Count, 1, 10);
        var overflowed = probe.ExpectMsg<WatchOverflowed>(); // never acked: the 51st unacknowledged change does not fit
        Assert.Contains("50", overflowed.Reason);
    }

    [Fact]
    public async Task A_filtered_watch_sees_tasks_entering_and_leaving_its_set()
    {
        var watch = new WatchProbe(_kit);
        await watch.Start(_node.Index, filter: TaskQuery.All.WithPhases(TaskPhase.Running));
        await _harness.Write(_node.System, "f1", TaskScript.Lifecycle("f1", 4), publishLocally: true); // created, started, failed, retry
        await _harness.Write(_node.System, "f2", TaskScript.Ending("f2", TaskPhase.Pending, "other"), publishLocally: true);
        watch.Collect(2);
        Assert.Equal([typeof(AttemptStarted), typeof(AttemptFinished)], watch.Changes.Select(c => c.Event.GetType()));
        Assert.Equal([TaskPhase.Running, TaskPhase.Failed], watch.Changes.Select(c => c.Task.Phase));
    }

    [Fact]
    public async Task Unwatch_ends_the_watch_and_an_invalid_watch_is_refused()
    {
        var probe = _kit.CreateTestProbe();
        Assert.IsType<WatchStarted>(await _node.Index.Ask<IQueryReply>(new WatchTasks(null, null, null, probe.Ref), QueryHarness.Timeout));
        _node.Index.Tell(new Unwatch(probe.Ref));
        Assert.Equal("unwatched", probe.ExpectMsg<WatchEnded>().Reason);

        var invalid = Assert.IsType<QueryInvalid>(await _node.Index.Ask<IQueryReply>(new WatchTasks(null, TaskQuery.All.WithSlot("Bad Slot"), 3, probe.Ref), QueryHarness.Timeout));
        Assert.Equal(["query.slot", "watch.fromResourceVersion"], invalid.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_async_enumerable_adapter_streams_changes_and_unwatches_when_the_consumer_stops()
    {
        var received = new List<TaskWatchEvent>();
        using var cts = new CancellationTokenSource(QueryHarness.Timeout);
        // From resourceVersion 0: whatever was written before the watch registered is replayed, so no change is missed.
        var consumer = Task.Run(async () =>
        {
            await foreach (var change in TaskIndexClient.WatchAsync(_node.System, _node.Index, new TaskId("adapted"), fromResourceVersion: 0, cancellationToken: cts.Token))
            {
                received.Add(change);
                if (received.Count == 20)
                {
                    break;
                }
            }
        });
        await _harness.Write(_node.System, "adapted", TaskScript.Lifecycle("adapted", 20), publishLocally: true);
        await consumer;
        WatchProbe.AssertConsecutive(received);
        var listed = Assert.IsType<TaskListed>(await TaskIndexClient.ListAsync(_node.Index, TaskQuery.All));
        Assert.Contains(listed.Page.Items, t => t.Id.Value == "adapted");
    }

    [Fact]
    public async Task A_consumer_that_falls_thousands_of_changes_behind_the_enumerable_still_gets_every_change()
    {
        using var cts = new CancellationTokenSource(QueryHarness.Timeout);
        await using var changes = TaskIndexClient.WatchAsync(_node.System, _node.Index, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var first = changes.MoveNextAsync().AsTask();      // registers the watch before its first await
        await TaskIndexClient.ListAsync(_node.Index, TaskQuery.All);   // answered after the registration

        // 3,000 changes while nobody reads: more than the adapter's channel (1,000), so its writes have to wait.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => _harness.Write(_node.System, $"behind-{i}", TaskScript.Lifecycle($"behind-{i}", 1000), publishLocally: true)));

        var received = new List<TaskWatchEvent>();
        var more = await first;
        while (more)
        {
            received.Add(changes.Current);
            if (received.Count == 3000)
            {
                break;
            }

            more = await changes.MoveNextAsync();
        }

        Assert.Equal(3000, received.Count);
        WatchProbe.AssertConsecutive(received);
    }
}
