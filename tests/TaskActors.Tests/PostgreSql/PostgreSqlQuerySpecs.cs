using TaskActors.Tests.Queries;
using Xunit.Abstractions;

namespace TaskActors.Tests.PostgreSql;

/// <summary>The list checks of <see cref="ListQuerySpec"/> with the index on a PostgreSQL store.</summary>
public sealed class PostgreSqlListQuerySpec() : ListQueryChecks(QueryHarness.OnPostgreSql("list"));

/// <summary>
/// The watch checks of <see cref="WatchSpec"/> with the index on a PostgreSQL store, among them 1,000 changes written by
/// another actor system ("another process") through the journal feed, where PostgreSQL's out-of-order commits make transient
/// ordering gaps (hocon/postgresql.conf waits them out).
/// </summary>
public sealed class PostgreSqlWatchSpec() : WatchChecks(QueryHarness.OnPostgreSql("watch"));

/// <summary>The index rebuilt from a PostgreSQL store after a restart equals the live index it replaced (<see cref="RebuildSpec"/>).</summary>
public sealed class PostgreSqlRebuildSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_index_rebuilt_after_a_restart_equals_the_live_index()
    {
        await using var harness = QueryHarness.OnPostgreSql("rebuild");
        await RebuildSpec.RebuiltEqualsLive(harness, output);
    }
}

/// <summary>
/// Another actor system on the same PostgreSQL database ("another node") creates and then deletes a task: the reading node's
/// index lists it through the journal feed and unlists it through the purged-task scan (the purge marks the
/// <c>TaskDeleted</c> row deleted, so the feed alone almost never sees it). Prints the delays.
/// </summary>
public sealed class PostgreSqlCrossSystemSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task A_task_created_and_deleted_by_another_system_is_listed_and_then_unlisted()
    {
        // The feed polls every 5 s here, so it almost surely misses the TaskDeleted between its write and its purge: the
        // deletion must come through the purged-task scan (every 200 ms), as it would for a busy or slow feed.
        await using var harness = QueryHarness.OnPostgreSql("cross", "akka.persistence.query.journal.sql.refresh-interval = 5s");
        var (reader, kit) = harness.StartNode("reader");
        var (writer, _) = harness.StartSystem("writer");
        await QueryHarness.List(reader.Index, Model.Queries.TaskQuery.All); // answered once the (empty) rebuild is done

        var created = await harness.Write(writer, "remote", [TaskScript.Created("remote")]);
        await kit.AwaitAssertAsync(
            async () => Assert.Contains(await QueryHarness.ListAll(reader.Index), t => t.Id.Value == "remote"),
            QueryHarness.Timeout,
            TimeSpan.FromMilliseconds(10));
        output.WriteLine($"create listed {(DateTime.UtcNow - created.PersistedAtUtc).TotalMilliseconds:0} ms after it was persisted");

        var deleted = await harness.Write(writer, "remote", [new Model.Events.TaskDeleted(TaskScript.T0.AddMinutes(1))]);
        await harness.Purge(writer, "remote");
        await kit.AwaitAssertAsync(
            async () => Assert.DoesNotContain(await QueryHarness.ListAll(reader.Index), t => t.Id.Value == "remote"),
            QueryHarness.Timeout,
            TimeSpan.FromMilliseconds(10));
        output.WriteLine($"delete unlisted {(DateTime.UtcNow - deleted.PersistedAtUtc).TotalMilliseconds:0} ms after it was persisted");
    }
}
