using Akka.Actor;
using TaskActors.Persistence;
using Xunit.Abstractions;

namespace TaskActors.Tests.Persistence;

/// <summary>TestKit whose actor system runs on the fixture's SQLite file through the real Akka.Persistence.Sql plugin.</summary>
public abstract class SqliteTestKit : Akka.TestKit.Xunit2.TestKit, IClassFixture<SqliteFileFixture>
{
    protected SqliteTestKit(SqliteFileFixture fixture, ITestOutputHelper output)
        : base(TaskActorsPersistence.CreateSetup(fixture.Config), "sqlite-spec", output)
    {
        Fixture = fixture;
        Pid = "p-" + Guid.NewGuid().ToString("N");
        WriterGuid = Guid.NewGuid().ToString("N");
    }

    protected SqliteFileFixture Fixture { get; }

    /// <summary>A persistence id unique to the running test.</summary>
    protected string Pid { get; }

    protected string WriterGuid { get; }

    protected IActorRef Journal => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    protected IActorRef SnapshotStore => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
}
