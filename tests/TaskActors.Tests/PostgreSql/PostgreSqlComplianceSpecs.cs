using TaskActors.Tests.Persistence;
using Xunit.Abstractions;

namespace TaskActors.Tests.PostgreSql;

/// <summary>The journal checks of <see cref="JournalComplianceSpec"/> on our configuration of Akka.Persistence.Sql on PostgreSQL.</summary>
public sealed class PostgreSqlJournalComplianceSpec(PostgreSqlDatabaseFixture fixture, ITestOutputHelper output)
    : JournalCompliance<PostgreSqlDatabaseFixture>(fixture, output);

/// <summary>The snapshot-store checks of <see cref="SnapshotStoreComplianceSpec"/> on our configuration of Akka.Persistence.Sql on PostgreSQL.</summary>
public sealed class PostgreSqlSnapshotStoreComplianceSpec(PostgreSqlDatabaseFixture fixture, ITestOutputHelper output)
    : SnapshotStoreCompliance<PostgreSqlDatabaseFixture>(fixture, output);
