using Akka.Actor;
using Akka.Persistence;

namespace TaskActors.Node;

/// <summary>What the journal probe persists: the time of one health check's write.</summary>
/// <param name="At">When the probe wrote it.</param>
internal sealed record JournalProbeWritten(DateTimeOffset At);

/// <summary>
/// The health check's way into the journal: a persistent actor (persistence id <c>taskactors-journal-probe</c>) that, for
/// each <see cref="Probe"/>, persists one <see cref="JournalProbeWritten"/> through the same plugin, connection pool and
/// serializer the tasks use, answers <see cref="Probed"/> once it is stored, and deletes the probes before it so the
/// journal keeps one row. A journal that is stopped, unreachable or stalled never answers; one that fails the write stops
/// this actor (Akka's rule for a failed persist), and <see cref="NodeHealth"/> starts another.
/// </summary>
internal sealed class JournalProbe : ReceivePersistentActor
{
    public const string Id = "taskactors-journal-probe";

    public JournalProbe()
    {
        Recover<JournalProbeWritten>(_ => { });
        Command<Probe>(_ =>
        {
            var replyTo = Sender;
            Persist(new JournalProbeWritten(DateTimeOffset.UtcNow), _ =>
            {
                replyTo.Tell(new Probed(LastSequenceNr));
                if (LastSequenceNr > 1)
                {
                    DeleteMessages(LastSequenceNr - 1);
                }
            });
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId => Id;

    /// <summary>Write one probe event.</summary>
    public sealed record Probe
    {
        public static Probe Instance { get; } = new();
    }

    /// <summary>The probe event <paramref name="SequenceNr"/> is stored.</summary>
    public sealed record Probed(long SequenceNr);
}
