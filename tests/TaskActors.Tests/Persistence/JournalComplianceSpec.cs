using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Xunit.Abstractions;

namespace TaskActors.Tests.Persistence;

/// <summary>
/// What the Akka.Persistence TCK JournalSpec checks, run against our configuration of Akka.Persistence.Sql on a
/// SQLite file (and, through the same base, on PostgreSQL: PostgreSqlJournalComplianceSpec), by talking to the journal actor with the journal protocol (WriteMessages, ReplayMessages,
/// DeleteMessagesTo) the way a persistent actor does.
/// </summary>
public sealed class JournalComplianceSpec(SqliteFileFixture fixture, ITestOutputHelper output) : JournalCompliance<SqliteFileFixture>(fixture, output);

/// <summary>The checks of <see cref="JournalComplianceSpec"/>, for any store: each store's spec class derives from this once.</summary>
public abstract class JournalCompliance<TFixture>(TFixture fixture, ITestOutputHelper output) : StoreTestKit<TFixture>(fixture, output)
    where TFixture : class, IStoreFixture
{
    private const int ActorInstanceId = 1;

    [Fact]
    public void Writes_are_replayed_in_order()
    {
        var probe = WriteEvents(1, 5);
        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 1, 2, 3, 4, 5);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));
    }

    [Fact]
    public void Replay_respects_the_lower_and_upper_sequence_number_bounds()
    {
        var probe = WriteEvents(1, 5);
        Journal.Tell(new ReplayMessages(2, 4, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 2, 3, 4);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));
    }

    [Fact]
    public void Replay_respects_max()
    {
        var probe = WriteEvents(1, 5);
        Journal.Tell(new ReplayMessages(1, long.MaxValue, 2, Pid, probe.Ref));
        ExpectReplayed(probe, 1, 2);
        probe.ExpectMsg<RecoverySuccess>();

        Journal.Tell(new ReplayMessages(2, 3, 0, Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));
    }

    [Fact]
    public void Replay_replays_nothing_when_the_lower_bound_is_above_the_upper_bound_or_the_highest()
    {
        var probe = WriteEvents(1, 5);
        Journal.Tell(new ReplayMessages(3, 2, long.MaxValue, Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));

        // Above the highest: nothing is replayed. (The highest number is only a hint here: Akka.Persistence.Sql
        // searches from the lower bound and so reports 0, which the journal contract allows.)
        Journal.Tell(new ReplayMessages(6, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>();
    }

    [Fact]
    public void Highest_sequence_number_is_reported_for_a_bound_of_zero_and_is_zero_for_an_unknown_id()
    {
        var probe = WriteEvents(1, 3);
        Journal.Tell(new ReplayMessages(0, 0, 0, Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(3, r.HighestSequenceNr));

        Journal.Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, "unknown-" + Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(0, r.HighestSequenceNr));
    }

    [Fact]
    public void Delete_to_removes_events_up_to_the_bound_and_keeps_the_highest_sequence_number()
    {
        var probe = WriteEvents(1, 5);
        Journal.Tell(new DeleteMessagesTo(Pid, 3, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(d => Assert.Equal(3, d.ToSequenceNr));

        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 4, 5);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));
    }

    [Fact]
    public void Deleting_every_event_does_not_reset_the_highest_sequence_number()
    {
        var probe = WriteEvents(1, 4);
        Journal.Tell(new DeleteMessagesTo(Pid, long.MaxValue, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>();

        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(4, r.HighestSequenceNr));

        // Writing continues after the highest number; a new incarnation sees only the new event.
        WriteEvents(5, 5, probe);
        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 5);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(5, r.HighestSequenceNr));
    }

    [Fact]
    public void Deletions_of_one_id_asked_for_at_once_all_succeed_and_keep_the_events_above_the_highest_bound()
    {
        // A task's journal retention asks for a deletion after each snapshot without waiting for the previous one.
        var probe = WriteEvents(1, 200);
        var bounds = Enumerable.Range(1, 20).Select(i => (long)i * 9).ToList();
        foreach (var bound in bounds)
            Journal.Tell(new DeleteMessagesTo(Pid, bound, probe.Ref));
        var answers = bounds.Select(_ => probe.ExpectMsg<object>(TimeSpan.FromSeconds(60))).ToList();
        Assert.All(answers, a => Assert.IsType<DeleteMessagesSuccess>(a));

        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, [.. Enumerable.Range(181, 20).Select(n => (long)n)]);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(200, r.HighestSequenceNr));
    }

    [Fact]
    public void An_atomic_write_of_several_events_is_stored_and_replayed_as_a_whole()
    {
        var probe = CreateTestProbe();
        var atomic = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event(1), Event(2), Event(3)));
        Journal.Tell(new WriteMessages(new IPersistentEnvelope[] { atomic, new AtomicWrite(Event(4)) }, probe.Ref, ActorInstanceId));
        probe.ExpectMsg<WriteMessagesSuccessful>();
        for (var i = 1; i <= 4; i++)
            probe.ExpectMsg<WriteMessageSuccess>(m => Assert.Equal(i, m.Persistent.SequenceNr));

        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 1, 2, 3, 4);
        probe.ExpectMsg<RecoverySuccess>();
    }

    [Fact]
    public void An_atomic_write_with_an_unserializable_event_is_rejected_whole_and_the_others_are_written()
    {
        var probe = CreateTestProbe();
        var bad = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event(2), Event(3, new NotSerializable())));
        Journal.Tell(new WriteMessages(new IPersistentEnvelope[] { new AtomicWrite(Event(1)), bad, new AtomicWrite(Event(2)) }, probe.Ref, ActorInstanceId));
        probe.ExpectMsg<WriteMessagesSuccessful>();
        probe.ExpectMsg<WriteMessageSuccess>(m => Assert.Equal(1, m.Persistent.SequenceNr));
        probe.ExpectMsg<WriteMessageRejected>(m => Assert.Equal(2, m.Persistent.SequenceNr));
        probe.ExpectMsg<WriteMessageRejected>(m => Assert.Equal(3, m.Persistent.SequenceNr));
        probe.ExpectMsg<WriteMessageSuccess>(m => Assert.Equal(2, m.Persistent.SequenceNr));

        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        ExpectReplayed(probe, 1, 2);
        probe.ExpectMsg<RecoverySuccess>(r => Assert.Equal(2, r.HighestSequenceNr));
    }

    [Fact]
    public void Replayed_events_carry_payload_persistence_id_and_writer()
    {
        var probe = WriteEvents(1, 1);
        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, Pid, probe.Ref));
        var replayed = probe.ExpectMsg<ReplayedMessage>().Persistent;
        Assert.Equal("event-1", replayed.Payload);
        Assert.Equal(Pid, replayed.PersistenceId);
        // Akka.Persistence.Sql records its own per-journal writer id (use-writer-uuid-column), not the sender's.
        Assert.False(string.IsNullOrEmpty(replayed.WriterGuid));
        Assert.False(replayed.IsDeleted);
        probe.ExpectMsg<RecoverySuccess>();
    }

    [Fact]
    public void A_persistent_actor_persisting_all_atomically_recovers_every_event()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new CountingActor(Pid)));
        actor.Tell(new CountingActor.PersistBatch(["a", "b", "c"]), probe.Ref);
        probe.ExpectMsg<IReadOnlyList<string>>(s => Assert.Equal(["a", "b", "c"], s));
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);

        var again = Sys.ActorOf(Props.Create(() => new CountingActor(Pid)));
        again.Tell(CountingActor.Get.Instance, probe.Ref);
        probe.ExpectMsg<IReadOnlyList<string>>(s => Assert.Equal(["a", "b", "c"], s));
    }

    private TestProbe WriteEvents(long from, long to, TestProbe? probe = null)
    {
        probe ??= CreateTestProbe();
        var writes = new List<IPersistentEnvelope>();
        for (var i = from; i <= to; i++)
            writes.Add(new AtomicWrite(Event(i)));
        Journal.Tell(new WriteMessages(writes, probe.Ref, ActorInstanceId));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        for (var i = from; i <= to; i++)
            probe.ExpectMsg<WriteMessageSuccess>(m => Assert.Equal(i, m.Persistent.SequenceNr));
        return probe;
    }

    private static void ExpectReplayed(TestProbe probe, params long[] sequenceNrs)
    {
        foreach (var nr in sequenceNrs)
        {
            var replayed = probe.ExpectMsg<ReplayedMessage>(Timeout);
            Assert.Equal(nr, replayed.Persistent.SequenceNr);
            Assert.Equal("event-" + nr, replayed.Persistent.Payload);
        }
    }

    private Persistent Event(long sequenceNr, object? payload = null) =>
        new(payload ?? "event-" + sequenceNr, sequenceNr, Pid, string.Empty, false, ActorRefs.NoSender, WriterGuid);

    /// <summary>Newtonsoft cannot serialize a type whose getter throws: the journal must reject the write.</summary>
    private sealed class NotSerializable
    {
        public string Value => throw new InvalidOperationException("not serializable");
    }
}
