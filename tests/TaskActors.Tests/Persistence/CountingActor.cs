using Akka.Actor;
using Akka.Persistence;

namespace TaskActors.Tests.Persistence;

/// <summary>Test entity: persists strings (singly or atomically as a batch), snapshots on request and reports what it
/// has, including what recovery restored (offered snapshot + replayed tail).</summary>
public sealed class CountingActor : ReceivePersistentActor
{
    private List<string> _items = [];

    public CountingActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<SnapshotOffer>(offer =>
        {
            _items = [.. (string[])offer.Snapshot];
            RecoveredFromSnapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<string>(item =>
        {
            _items.Add(item);
            ReplayedEvents++;
        });
        Command<PersistBatch>(batch =>
        {
            var sender = Sender;
            var written = 0;
            PersistAll(batch.Items, item =>
            {
                _items.Add(item);
                if (++written == batch.Items.Count)
                    sender.Tell(_items.ToList());
            });
        });
        Command<TakeSnapshot>(_ =>
        {
            _snapshotRequester = Sender;
            SaveSnapshot(_items.ToArray());
        });
        Command<SaveSnapshotSuccess>(s => _snapshotRequester?.Tell(s.Metadata.SequenceNr));
        Command<Get>(_ => Sender.Tell((IReadOnlyList<string>)_items.ToList()));
        Command<GetRecovery>(_ => Sender.Tell(new RecoveryInfo(RecoveredFromSnapshotAt, ReplayedEvents, _items.ToList())));
    }

    private IActorRef? _snapshotRequester;

    public override string PersistenceId { get; }

    private long? RecoveredFromSnapshotAt { get; set; }

    private int ReplayedEvents { get; set; }

    public sealed record PersistBatch(IReadOnlyList<string> Items);

    public sealed record TakeSnapshot
    {
        public static readonly TakeSnapshot Instance = new();
    }

    public sealed record Get
    {
        public static readonly Get Instance = new();
    }

    public sealed record GetRecovery
    {
        public static readonly GetRecovery Instance = new();
    }

    public sealed record RecoveryInfo(long? SnapshotSequenceNr, int ReplayedEvents, IReadOnlyList<string> Items);
}
