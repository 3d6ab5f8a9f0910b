using Akka.Event;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tests.Tasks;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Persistence;

/// <summary>An event that cannot be read damages only its own task (it answers at once, flagged), and the error names where it is.</summary>
public sealed class UnreadableEventSpec
{
    [Fact]
    public async Task An_unreadable_event_fails_only_its_task_and_names_persistence_id_sequence_number_and_manifest()
    {
        await using var harness = new RuntimeHarness();
        harness.Start();
        await harness.Submit("healthy", TaskSpec.Builder("h", HandlerWorkload.Create("noop")).Build());
        await harness.Submit("damaged", TaskSpec.Builder("d", HandlerWorkload.Create("noop")).Build());
        await harness.WaitSettled("healthy");
        await harness.WaitSettled("damaged");
        await harness.Crash();

        // Damage the second event (AttemptStarted) of one task in the store.
        await using (var connection = new SqliteConnection($"Data Source={harness.StorePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET message = X'7B226E6F7420616E206576656E74' WHERE persistence_id = 'task-damaged' AND sequence_number = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();
        harness.Start();
        var errors = harness.Kit.CreateTestProbe();
        harness.Node.System.EventStream.Subscribe(errors.Ref, typeof(Error));

        Assert.Equal(TaskPhase.Succeeded, (await harness.Get("healthy")).Phase);
        var damaged = Assert.IsType<Found>(await harness.Node.Region.Ask<ITaskReply>(new TaskEnvelope(new("damaged"), Get.Instance), TimeSpan.FromSeconds(5))).Task;
        Assert.Equal(("task-damaged", 2L), (damaged.Status.Damage?.PersistenceId, damaged.Status.Damage?.SequenceNr ?? 0));
        var error = errors.FishForMessage<Error>(e => e.Message?.ToString()?.Contains("task-damaged", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));

        var text = error.Message!.ToString()!;
        Assert.Contains("task-damaged sequence number 2", text, StringComparison.Ordinal);
        Assert.Contains("attempt-started.v1", text, StringComparison.Ordinal);
        Assert.Equal(TaskPhase.Succeeded, (await harness.Get("healthy")).Phase);
    }
}
