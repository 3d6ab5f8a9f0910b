using Microsoft.Data.Sqlite;
using TaskActors.Client;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Tasks;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// Damage stays local: one task's history that cannot be read to its end — a payload that does not deserialize, a
/// sequence gap, an event the state rejects — is written into the real SQLite journal, and on the next start that task
/// alone is damaged: it answers at once (get flagged with the persistence id and sequence number, changes refused,
/// delete removes the history), the index lists it flagged, and the other tasks run. Before, its recovery failed, the
/// region restarted it in a loop, every Ask for it timed out, and an unreadable payload stopped the index's rebuild.
/// </summary>
[Trait("Invariant", "13")]
public sealed class DamagedHistorySpec
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(5);

    public enum Damage
    {
        UnreadablePayload,
        SequenceGap,
        RejectedEvent,
        Headless,
    }

    [Theory]
    [InlineData(Damage.UnreadablePayload, 2)]
    [InlineData(Damage.SequenceGap, 2)]
    [InlineData(Damage.RejectedEvent, 3)]
    public async Task A_damaged_task_fails_alone_and_answers_at_once_while_the_others_run(Damage damage, long expectedSequenceNr)
    {
        await using var harness = new RuntimeHarness();
        var bad = new TaskId("bad");
        var spec = TaskSpec.Builder("b", HandlerWorkload.Create("noop")).Build();
        object[] history = [new TaskCreated(bad, spec, T0), new AttemptStarted(1, T0), new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(1), 1, "exit code 1"), new RetryScheduled(0, 100, T0.AddSeconds(2), RetryReason.Failure, T0.AddSeconds(1))];
        await harness.Seed(
            (PersistenceIds.Task(bad), history),
            (PersistenceIds.Region, [new TaskActivated(bad.Value)]));
        Corrupt(harness.StorePath, PersistenceIds.Task(bad), damage);

        harness.Start();   // wakes the damaged task at start
        var client = new TaskClient(harness.Node, Answer);
        var good = await harness.Submit("good", TaskSpec.Builder("g", HandlerWorkload.Create("noop")).Build());
        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled(good.Id.Value)).Phase);

        var shown = Assert.IsType<GetResult.Found>(await client.GetAsync("bad")).Task;
        Assert.Equal(new TaskDamage("task-bad", expectedSequenceNr, shown.Status.Damage!.Reason), shown.Status.Damage);
        Assert.True(shown.IsSettled);
        var refused = Assert.IsType<SubmitResult.Rejected>(await client.SubmitAsync(spec, "bad"));
        Assert.Equal(RejectionKind.Damaged, refused.Kind);
        Assert.Contains("task-bad sequence number", refused.Message, StringComparison.Ordinal);
        Assert.IsType<CancelResult.Rejected>(await client.CancelAsync("bad"));

        var listed = Assert.IsType<ListResult.Page>(await client.ListAsync(TaskQuery.All));
        Assert.Equal(["bad", "good"], listed.Items.Select(t => t.Id.Value));
        Assert.Equal(expectedSequenceNr, listed.Items[0].Status.Damage?.SequenceNr);
        Assert.Null(listed.Items[1].Status.Damage);

        Assert.IsType<DeleteResult.Deleted>(await client.DeleteAsync("bad"));
        await harness.Kit.AwaitAssertAsync(async () =>
            Assert.Equal(["good"], Assert.IsType<ListResult.Page>(await client.ListAsync(TaskQuery.All)).Items.Select(t => t.Id.Value)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_task_whose_first_event_is_rejected_has_nothing_to_show_and_says_so()
    {
        await using var harness = new RuntimeHarness();
        var bad = new TaskId("headless");
        var spec = TaskSpec.Builder("h", HandlerWorkload.Create("noop")).Build();
        await harness.Seed((PersistenceIds.Task(bad), [new TaskCreated(bad, spec, T0), new AttemptStarted(1, T0)]));
        Corrupt(harness.StorePath, PersistenceIds.Task(bad), Damage.Headless);   // AttemptStarted before TaskCreated

        harness.Start();
        var client = new TaskClient(harness.Node, Answer);

        var thrown = await Assert.ThrowsAsync<TaskHistoryDamagedException>(() => client.GetAsync("headless"));
        Assert.Equal(new TaskDamage("task-headless", 1, thrown.Damage.Reason), thrown.Damage);
        Assert.Contains("before", thrown.Damage.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RejectionKind.Damaged, Assert.IsType<SubmitResult.Rejected>(await client.SubmitAsync(spec, "headless")).Kind);
        Assert.Empty(Assert.IsType<ListResult.Page>(await client.ListAsync(TaskQuery.All)).Items);
    }

    [Theory]
    [InlineData(Damage.UnreadablePayload, 2)]
    [InlineData(Damage.SequenceGap, 2)]
    [InlineData(Damage.RejectedEvent, 3)]
    public async Task The_store_reader_reports_the_damaged_task_and_reads_the_others(Damage damage, long expectedSequenceNr)
    {
        await using var harness = new RuntimeHarness();
        var spec = TaskSpec.Builder("b", HandlerWorkload.Create("noop")).Build();
        var bad = new TaskId("bad");
        var fine = new TaskId("fine");
        object[] history = [new TaskCreated(bad, spec, T0), new AttemptStarted(1, T0), new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(1), 1, "exit code 1")];
        await harness.Seed(
            (PersistenceIds.Task(bad), history),
            (PersistenceIds.Task(fine), [new TaskCreated(fine, spec, T0), new AttemptStarted(1, T0), new AttemptFinished(1, TaskPhase.Succeeded, T0.AddSeconds(1), 0)]));
        Corrupt(harness.StorePath, PersistenceIds.Task(bad), damage);

        using var reader = TaskJournalReader.Open(harness.StorePath);
        var tasks = reader.Tasks().ToList();

        Assert.Equal(["bad", "fine"], tasks.Select(t => t.Id.Value));
        Assert.Equal(("task-bad", expectedSequenceNr), (tasks[0].Damage?.PersistenceId, tasks[0].Damage?.SequenceNr ?? 0));
        Assert.True(tasks[0].Resource!.IsDamaged);
        Assert.Null(tasks[1].Damage);
        Assert.Equal(TaskPhase.Succeeded, tasks[1].Resource!.Phase);
        Assert.Equal(expectedSequenceNr, reader.Task(bad)!.Damage!.SequenceNr);
    }

    /// <summary>
    /// Damages <paramref name="persistenceId"/>'s stored history as a disk or a hand edit would: row 2's payload made
    /// unreadable, row 2 removed (a gap), row 3 replaced by a copy of row 2 (attempt 1 started twice, which the state
    /// rejects), or row 1 replaced by row 2 (an AttemptStarted before any TaskCreated).
    /// </summary>
    internal static void Corrupt(string store, string persistenceId, Damage damage)
    {
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = damage switch
        {
            Damage.UnreadablePayload => "UPDATE journal SET message = X'7B22617474656D7074223A' WHERE persistence_id = $id AND sequence_number = 2",
            Damage.SequenceGap => "DELETE FROM journal WHERE persistence_id = $id AND sequence_number = 2",
            Damage.RejectedEvent => Copy(from: 2, to: 3),
            _ => Copy(from: 2, to: 1),
        };
        command.Parameters.AddWithValue("$id", persistenceId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static string Copy(int from, int to) => $"""
        UPDATE journal SET
          message = (SELECT message FROM journal WHERE persistence_id = $id AND sequence_number = {from}),
          manifest = (SELECT manifest FROM journal WHERE persistence_id = $id AND sequence_number = {from})
        WHERE persistence_id = $id AND sequence_number = {to}
        """;
}
