using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Xunit.Abstractions;

namespace TaskActors.Tests.Persistence;

/// <summary>
/// What the Akka.Persistence TCK SnapshotStoreSpec checks, run against our configuration of Akka.Persistence.Sql on
/// a SQLite file (and, through the same base, on PostgreSQL: PostgreSqlSnapshotStoreComplianceSpec) through the snapshot-store protocol (SaveSnapshot, LoadSnapshot, DeleteSnapshot(s)), plus a
/// snapshot-plus-tail recovery through a persistent actor.
/// </summary>
public sealed class SnapshotStoreComplianceSpec(SqliteFileFixture fixture, ITestOutputHelper output) : SnapshotStoreCompliance<SqliteFileFixture>(fixture, output);

/// <summary>The checks of <see cref="SnapshotStoreComplianceSpec"/>, for any store: each store's spec class derives from this once.</summary>
public abstract class SnapshotStoreCompliance<TFixture>(TFixture fixture, ITestOutputHelper output) : StoreTestKit<TFixture>(fixture, output)
    where TFixture : class, IStoreFixture
{
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Loading_an_unknown_id_returns_no_snapshot()
    {
        var probe = CreateTestProbe();
        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r =>
        {
            Assert.Null(r.Snapshot);
            Assert.Equal(long.MaxValue, r.ToSequenceNr);
        });
    }

    [Fact]
    public void The_latest_snapshot_is_loaded_with_its_metadata_and_payload()
    {
        var (probe, saved) = SaveFive();
        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
        var loaded = probe.ExpectMsg<LoadSnapshotResult>().Snapshot;
        Assert.NotNull(loaded);
        Assert.Equal(saved[4].SequenceNr, loaded.Metadata.SequenceNr);
        Assert.Equal(Pid, loaded.Metadata.PersistenceId);
        Assert.Equal(saved[4].Timestamp, loaded.Metadata.Timestamp);
        Assert.Equal("snapshot-5", loaded.Snapshot);
    }

    [Fact]
    public void Selection_by_max_sequence_number_returns_the_youngest_at_or_below_it()
    {
        var (probe, _) = SaveFive();
        SnapshotStore.Tell(new LoadSnapshot(Pid, new SnapshotSelectionCriteria(13), long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal(13, r.Snapshot!.Metadata.SequenceNr));

        // The toSequenceNr of the load is an upper bound too.
        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, 12), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r =>
        {
            Assert.Equal(12, r.Snapshot!.Metadata.SequenceNr);
            Assert.Equal(12, r.ToSequenceNr);
        });

        SnapshotStore.Tell(new LoadSnapshot(Pid, new SnapshotSelectionCriteria(10), long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Null(r.Snapshot));
    }

    [Fact]
    public void Selection_by_max_timestamp_returns_the_youngest_at_or_before_it()
    {
        var (probe, saved) = SaveFive();
        SnapshotStore.Tell(new LoadSnapshot(Pid, new SnapshotSelectionCriteria(long.MaxValue, saved[2].Timestamp), long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal(saved[2].SequenceNr, r.Snapshot!.Metadata.SequenceNr));

        SnapshotStore.Tell(new LoadSnapshot(Pid, new SnapshotSelectionCriteria(long.MaxValue, Epoch), long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Null(r.Snapshot));
    }

    [Fact]
    public void Deleting_a_single_snapshot_leaves_the_others()
    {
        var (probe, saved) = SaveFive();
        SnapshotStore.Tell(new DeleteSnapshot(saved[3]), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotSuccess>(d => Assert.Equal(saved[3].SequenceNr, d.Metadata.SequenceNr));

        SnapshotStore.Tell(new LoadSnapshot(Pid, new SnapshotSelectionCriteria(saved[3].SequenceNr), long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal(saved[2].SequenceNr, r.Snapshot!.Metadata.SequenceNr));
        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal(saved[4].SequenceNr, r.Snapshot!.Metadata.SequenceNr));
    }

    [Fact]
    public void Deleting_by_criteria_removes_every_matching_snapshot()
    {
        var (probe, saved) = SaveFive();
        var criteria = new SnapshotSelectionCriteria(saved[2].SequenceNr, saved[2].Timestamp);
        SnapshotStore.Tell(new DeleteSnapshots(Pid, criteria), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotsSuccess>();

        SnapshotStore.Tell(new LoadSnapshot(Pid, criteria, long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Null(r.Snapshot));
        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal(saved[4].SequenceNr, r.Snapshot!.Metadata.SequenceNr));
    }

    [Fact]
    public void Saving_again_at_the_same_sequence_number_overwrites()
    {
        var probe = CreateTestProbe();
        var metadata = new SnapshotMetadata(Pid, 100, Epoch.AddHours(1));
        SnapshotStore.Tell(new SaveSnapshot(metadata, "first"), probe.Ref);
        probe.ExpectMsg<SaveSnapshotSuccess>();
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(Pid, 100, Epoch.AddHours(2)), "second"), probe.Ref);
        probe.ExpectMsg<SaveSnapshotSuccess>();

        SnapshotStore.Tell(new LoadSnapshot(Pid, SnapshotSelectionCriteria.Latest, long.MaxValue), probe.Ref);
        probe.ExpectMsg<LoadSnapshotResult>(r => Assert.Equal("second", r.Snapshot!.Snapshot));
    }

    [Fact]
    public void A_persistent_actor_recovers_from_its_snapshot_plus_the_events_after_it()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new CountingActor(Pid)));
        actor.Tell(new CountingActor.PersistBatch(["a", "b", "c"]), probe.Ref);
        probe.ExpectMsg<IReadOnlyList<string>>();
        actor.Tell(CountingActor.TakeSnapshot.Instance, probe.Ref);
        probe.ExpectMsg(3L);
        actor.Tell(new CountingActor.PersistBatch(["d"]), probe.Ref);
        probe.ExpectMsg<IReadOnlyList<string>>();
        actor.Tell(new CountingActor.PersistBatch(["e"]), probe.Ref);
        probe.ExpectMsg<IReadOnlyList<string>>();
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);

        var again = Sys.ActorOf(Props.Create(() => new CountingActor(Pid)));
        again.Tell(CountingActor.GetRecovery.Instance, probe.Ref);
        probe.ExpectMsg<CountingActor.RecoveryInfo>(info =>
        {
            Assert.Equal(3, info.SnapshotSequenceNr);
            Assert.Equal(2, info.ReplayedEvents);
            Assert.Equal(["a", "b", "c", "d", "e"], info.Items);
        });
    }

    /// <summary>Saves snapshots at sequence numbers 11..15 with timestamps one minute apart.</summary>
    private (TestProbe Probe, SnapshotMetadata[] Saved) SaveFive()
    {
        var probe = CreateTestProbe();
        var saved = new SnapshotMetadata[5];
        for (var i = 0; i < 5; i++)
        {
            var metadata = new SnapshotMetadata(Pid, 11 + i, Epoch.AddMinutes(i + 1));
            SnapshotStore.Tell(new SaveSnapshot(metadata, "snapshot-" + (i + 1)), probe.Ref);
            saved[i] = probe.ExpectMsg<SaveSnapshotSuccess>(Timeout).Metadata;
        }

        return (probe, saved);
    }
}
