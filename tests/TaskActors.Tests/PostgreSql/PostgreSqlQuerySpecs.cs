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
