using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Tasks;
using TaskActors.Tests.Tasks;

namespace TaskActors.Tests.Persistence;

/// <summary>The store read without a node (what the CLI's read commands use) agrees with the TaskActors that wrote it.</summary>
public sealed class TaskJournalReaderSpec
{
    [Fact]
    public async Task State_rebuilt_from_the_file_equals_what_the_task_actor_answers_while_its_node_runs()
    {
        await using var harness = new RuntimeHarness();
        await ReaderAgreesWithTheTaskActors(harness);
    }

    /// <summary>The scenario on <paramref name="harness"/>'s store (the PostgreSQL spec runs it too).</summary>
    internal static async Task ReaderAgreesWithTheTaskActors(RuntimeHarness harness)
    {
        harness.Start();
        var flaky = TaskSpec.Builder("r1", harness.FailsOnce("reader-flaky"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        await harness.Submit("reader-flaky", flaky);
        await harness.Submit("reader-plain", TaskSpec.Builder("r2", SubprocessWorkload.Command("true")).Build());
        await harness.Submit("reader-deleted", TaskSpec.Builder("r3", SubprocessWorkload.Command("true")).Build());
        var expected = new[] { await harness.WaitSettled("reader-flaky"), await harness.WaitSettled("reader-plain") };
        await harness.WaitSettled("reader-deleted");
        Assert.IsType<TaskProtocol.Deleted>(await harness.Ask("reader-deleted", TaskProtocol.Delete.Instance));

        using var reader = harness.OpenReader();
        var states = reader.States().ToList();
        Assert.Equal(
            expected.Select(t => TaskJson.Serialize(t)),
            states.Select(s => TaskJson.Serialize(s.Resource!)));
        Assert.Equal(
            (await harness.Runs("reader-flaky")).Select(r => TaskJson.Serialize(r)),
            reader.State(new TaskId("reader-flaky"))!.Runs.Select(r => TaskJson.Serialize(r)));

        var events = reader.Events(new TaskId("reader-flaky"));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.SequenceNr));
        Assert.IsType<TaskCreated>(events[0].Event);
        Assert.Equal(2, events.Count(e => e.Event is AttemptStarted));
        Assert.Equal(expected[0].Metadata.ResourceVersion, events[^1].SequenceNr);
        Assert.All(events, e => Assert.Equal(e.Manifest, TaskEventJson.ManifestOf(e.Event)));

        Assert.Null(reader.State(new TaskId("reader-deleted")));
        Assert.Empty(reader.Events(new TaskId("reader-deleted")));
    }

    [Fact]
    public void A_store_file_that_does_not_exist_reads_as_empty_and_is_not_created()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskactors-missing-{Guid.NewGuid():N}.db");
        using var reader = TaskJournalReader.Open(path);
        Assert.Empty(reader.States());
        Assert.Null(reader.State(new TaskId("anything")));
        Assert.False(File.Exists(path));
    }
}
