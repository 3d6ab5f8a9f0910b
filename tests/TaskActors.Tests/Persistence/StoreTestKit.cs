using Akka.Actor;
using Akka.Configuration;
using TaskActors.Persistence;
using Xunit.Abstractions;

namespace TaskActors.Tests.Persistence;

/// <summary>A store shared by the tests of one class (xUnit class fixture), initialised once: its configuration.</summary>
public interface IStoreFixture
{
    /// <summary>The store's configuration with the test settings in front.</summary>
    Config Config { get; }
}

/// <summary>
/// TestKit whose actor system runs on the fixture's store (a SQLite file or a PostgreSQL database) through the real
/// Akka.Persistence.Sql plugin. The compliance specs derive from it once per store.
/// </summary>
public abstract class StoreTestKit<TFixture> : Akka.TestKit.Xunit2.TestKit, IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    protected StoreTestKit(TFixture fixture, ITestOutputHelper output)
        : base(TaskActorsPersistence.CreateSetup(fixture.Config), "store-spec", output)
    {
        Fixture = fixture;
        Pid = "p-" + Guid.NewGuid().ToString("N");
        WriterGuid = Guid.NewGuid().ToString("N");
    }

    protected TFixture Fixture { get; }

    /// <summary>A persistence id unique to the running test.</summary>
    protected string Pid { get; }

    protected string WriterGuid { get; }

    protected IActorRef Journal => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    protected IActorRef SnapshotStore => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The test settings every compliance fixture puts in front of its store.</summary>
    internal static Config TestSettings { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        # A message waited for without an explicit timeout may take long on a loaded 2-core CI machine (the
        # journal's first query compiles its SQL); a test fails on a wrong or missing message, never on speed.
        akka.test.single-expect-default = 20s
        """);
}
