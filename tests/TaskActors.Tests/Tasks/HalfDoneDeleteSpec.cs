using Microsoft.Data.Sqlite;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Tasks;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// A node that crashed after a task's <c>TaskDeleted</c> was persisted while its attempt was still open: the next
/// start finishes the delete. Invariant 2 (an event is persisted before anything acts on it): the attempt's end is
/// persisted first and only then is the history removed, so no row of the task survives the purge, and the id reads
/// as not found (and retired) on every later start instead of failing its recovery.
/// </summary>
public sealed class HalfDoneDeleteSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_delete_left_half_done_with_an_attempt_open_is_finished_on_restart_and_leaves_no_row_behind()
    {
        await using var harness = new RuntimeHarness();
        var id = new TaskId("doomed");
        var spec = TaskSpec.Builder("d", HandlerWorkload.Create("noop")).Build();
        await harness.Seed(
            (PersistenceIds.Task(id), [new TaskCreated(id, spec, T0), new AttemptStarted(1, T0), new TaskDeleted(T0.AddSeconds(1))]),
            (PersistenceIds.Region, [new TaskActivated(id.Value)]));

        harness.Start();   // wakes the task, which finishes the delete it found half done
        await harness.Kit.AwaitAssertAsync(() => Assert.Equal(0, LiveRows(harness.StorePath, PersistenceIds.Task(id))), TimeSpan.FromSeconds(10));
        await harness.Crash();
        harness.Start();

        Assert.IsType<NotFound>(await harness.Node.AskAsync(id, Get.Instance, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, LiveRows(harness.StorePath, PersistenceIds.Task(id)));
        var again = Assert.IsType<Rejected>(await harness.Node.AskAsync(id, new Submit(spec), TimeSpan.FromSeconds(5)));
        Assert.Equal(RejectionKind.IdRetired, again.Kind);
    }

    private static long LiveRows(string store, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id AND deleted = 0";
        command.Parameters.AddWithValue("$id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }
}
