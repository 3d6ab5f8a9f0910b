using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tests.Persistence;
using TaskActors.Tests.Tasks;

namespace TaskActors.Tests.PostgreSql;

/// <summary>
/// The single-node runtime on a PostgreSQL store: tasks resume after a restart, the store reader and the journal retention
/// (with the purged-task scan) work there as on SQLite. The shared scenarios are the SQLite specs' own, run on a fresh
/// database of the tests' PostgreSQL server.
/// </summary>
public sealed class PostgreSqlRuntimeSpec
{
    [Fact]
    public async Task Every_active_task_resumes_after_a_restart_and_finishes()
    {
        await using var harness = RuntimeHarness.OnPostgreSql("runtime_restart");
        harness.Start();
        var backoff = new BackoffPolicy(JitterPolicy.None, 10, 10, 1);
        var handlerIds = Enumerable.Range(0, 10).Select(i => $"handler-{i}").ToList();
        foreach (var id in handlerIds)
        {
            await harness.Submit(id, TaskSpec.Builder("slot-" + id, HandlerWorkload.Create("block-first")).Restart(RestartPolicy.OnFailure).Backoff(backoff).Build());
        }

        var subprocesses = new List<(string Id, string Started, string Resumed)>();
        for (var i = 0; i < 3; i++)
        {
            var id = $"process-{i}";
            var (workload, started, resumed) = harness.BlocksFirstRun(id);
            await harness.Submit(id, TaskSpec.Builder("slot-" + id, workload).Restart(RestartPolicy.OnFailure).Backoff(backoff).Build());
            subprocesses.Add((id, started, resumed));
        }

        await Task.WhenAll(handlerIds.Select(id => harness.Handlers.StartedSignal(id).Task)).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var (id, started, _) in subprocesses)
        {
            await harness.WaitFor(id, t => t.Phase == TaskPhase.Running && File.Exists(started), what: "its first attempt running");
        }

        await harness.Crash();
        harness.Start(); // a new actor system on the same database: nobody asks the tasks, the region wakes them

        foreach (var (_, _, resumed) in subprocesses)
        {
            await harness.Kit.AwaitAssertAsync(() => Assert.True(File.Exists(resumed), $"{resumed} was not written"), TimeSpan.FromSeconds(60));
        }

        foreach (var id in handlerIds.Concat(subprocesses.Select(p => p.Id)))
        {
            var task = await harness.WaitSettled(id, TimeSpan.FromSeconds(60));
            Assert.Equal(TaskPhase.Succeeded, task.Phase);
            var runs = await harness.Runs(id);
            Assert.Equal([1, 2], runs.Select(r => r.Attempt));
            Assert.Equal(AttemptFinished.InterruptedError, runs[0].Error);
            Assert.Equal(TaskPhase.Succeeded, runs[1].Phase);
        }
    }

    [Fact]
    public async Task The_store_reader_rebuilds_each_task_as_its_task_actor_answers()
    {
        await using var harness = RuntimeHarness.OnPostgreSql("runtime_reader");
        await TaskJournalReaderSpec.ReaderAgreesWithTheTaskActors(harness);
    }

    [Fact]
    [Trait("Invariant", "12")]
    public async Task A_retained_task_recovers_and_reads_the_same_after_a_restart()
    {
        await using var harness = RuntimeHarness.OnPostgreSql("runtime_retention", JournalRetentionRuntimeSpec.Settings);
        await JournalRetentionRuntimeSpec.RestartedNodeShowsTheTaskAsTheActorDoes(harness);
    }

    [Fact]
    [Trait("Invariant", "12")]
    public async Task A_retained_task_deleted_is_gone_for_every_reader()
    {
        await using var harness = RuntimeHarness.OnPostgreSql("runtime_retention_delete", JournalRetentionRuntimeSpec.Settings, virtualTime: true);
        await JournalRetentionRuntimeSpec.DeletedPrefixTaskIsGoneForEveryReader(harness);
    }
}
