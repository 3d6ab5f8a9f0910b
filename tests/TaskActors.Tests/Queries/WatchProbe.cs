using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Tests.Queries;

/// <summary>A TestProbe subscriber that acknowledges each batch and collects the changes.</summary>
public sealed class WatchProbe
{
    private readonly TestKit _kit;

    public WatchProbe(TestKit kit)
    {
        _kit = kit;
        Probe = kit.CreateTestProbe();
    }

    public TestProbe Probe { get; }

    public List<TaskWatchEvent> Changes { get; } = [];

    public IActorRef Watch { get; private set; } = ActorRefs.Nobody;

    public async Task Start(IActorRef index, TaskId? id = null, TaskQuery? filter = null, long? from = null)
    {
        var reply = await index.Ask<IQueryReply>(new WatchTasks(id, filter, from, Probe.Ref), QueryHarness.Timeout);
        Watch = Assert.IsType<WatchStarted>(reply).Watch;
    }

    /// <summary>Receives and acknowledges batches until <paramref name="count"/> changes arrived in all.</summary>
    public void Collect(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? QueryHarness.Timeout);
        while (Changes.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"only {Changes.Count} of {count} changes arrived");
            var message = Probe.ReceiveOne(left);
            var batch = Assert.IsType<TaskWatchBatch>(message);
            Changes.AddRange(batch.Events);
            Probe.LastSender.Tell(WatchAck.Instance, Probe.Ref);
        }
    }

    /// <summary>Asserts that per task the resourceVersions delivered are consecutive (no gap, no duplicate), from <paramref name="firstVersion"/>.</summary>
    public static void AssertConsecutive(IEnumerable<TaskWatchEvent> changes, long firstVersion = 1)
    {
        foreach (var perTask in changes.GroupBy(c => c.Task.Id))
        {
            var versions = perTask.Select(c => c.Task.Metadata.ResourceVersion).ToList();
            var expected = Enumerable.Range(0, versions.Count).Select(i => firstVersion + i).ToList();
            Assert.Equal(expected, versions);
        }
    }

    public void ExpectNoMore(TimeSpan duration) => Probe.ExpectNoMsg(duration);

    public TestKit Kit => _kit;
}
