using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Persistence;

namespace TaskActors.Queries;

/// <summary>
/// The journal feed: the rebuild scan (<c>CurrentAllEvents</c> from the start), then the live feed (<c>AllEvents</c>)
/// from the offset the scan reached. Each stream sends <see cref="FeedChunk"/>s to the actor with
/// <c>Sink.ActorRefWithAck</c> (one in flight), so the index's mailbox never floods and all state is touched on the
/// actor's thread.
/// </summary>
internal sealed partial class TaskIndex
{
    /// <summary>Where the table puts changes for watchers: nowhere while nobody watches (no allocation per event).</summary>
    private List<Emission>? EmissionSink => _watches.Count > 0 ? _emitted : null;

    /// <summary>Where task snapshots are read when the feed meets a task whose first events were deleted (made on first use).</summary>
    private SnapshotBaseSource? _snapshots;

    private void HandleFeed()
    {
        // Messages of a stream that was replaced (a failed one) are dropped unanswered: that stream is gone.
        Receive<FeedStarted>(started =>
        {
            if (started.Generation == _feedGeneration)
            {
                Sender.Tell(FeedAck.Instance);
            }
        });
        Receive<FeedChunk>(chunk =>
        {
            if (chunk.Generation == _feedGeneration)
            {
                OnFeedChunk(chunk);
            }
        });
        Receive<FeedCompleted>(completed =>
        {
            if (completed.Generation == _feedGeneration)
            {
                OnFeedCompleted();
            }
        });
        Receive<FeedFailed>(failed =>
        {
            if (failed.Generation != _feedGeneration)
            {
                return;
            }

            var cause = failed.Cause is AggregateException { InnerException: { } inner } ? inner : failed.Cause;
            _log.Error(cause, "task index: the journal {0} failed after offset {1}: {2}; restarting it in {3}",
                _rebuilt ? "feed" : "rebuild scan", _lastOffset, cause.Message, _settings.FeedRestartDelay);
            Timers.StartSingleTimer(nameof(RestartFeed), RestartFeed.Instance, _settings.FeedRestartDelay);
        });
        Receive<RestartFeed>(_ => StartFeed());
    }

    /// <summary>Runs the rebuild scan (until rebuilt) or the live feed, from the last offset read (exclusive).</summary>
    private void StartFeed()
    {
        var generation = ++_feedGeneration;
        var source = _rebuilt ? LiveSource(generation) : CurrentSource(generation);
        source.RunWith(
            Sink.ActorRefWithAck<FeedChunk>(Self, new FeedStarted(generation), FeedAck.Instance, new FeedCompleted(generation), e => new FeedFailed(generation, e)),
            _materializer);
    }

    private Source<FeedChunk, NotUsed> LiveSource(int generation) =>
        FromEnvelopes(((IAllEventsQuery)_journal).AllEvents(Offset.Sequence(_lastOffset)), generation);

    private Source<FeedChunk, NotUsed> CurrentSource(int generation) =>
        FromEnvelopes(((ICurrentAllEventsQuery)_journal).CurrentAllEvents(Offset.Sequence(_lastOffset)), generation);

    /// <summary>Envelopes grouped while the index is busy with the previous chunk: no added latency, bounded work per message.</summary>
    private Source<FeedChunk, NotUsed> FromEnvelopes(Source<EventEnvelope, NotUsed> envelopes, int generation) =>
        envelopes.Batch(_settings.FeedBatchSize, first => new FeedChunk(generation).Add(first), (chunk, next) => chunk.Add(next));

    private void OnFeedChunk(FeedChunk chunk)
    {
        var sink = EmissionSink;
        foreach (var scanned in chunk.Events)
        {
            _eventsRead++;
            if (_table.NeedsBase(scanned.Id, scanned.SequenceNr))
            {
                StartFromSnapshot(scanned.Id, scanned.SequenceNr, sink);
            }

            var damage = scanned.Event is ITaskEvent @event
                ? _table.ApplyJournal(scanned.Id, scanned.SequenceNr, scanned.Ordering, @event, sink)
                : _table.MarkDamaged(scanned.Id, scanned.SequenceNr, $"the stored event (manifest '{((Serialization.UnreadableEvent)scanned.Event).Manifest}') cannot be read: {((Serialization.UnreadableEvent)scanned.Event).Reason}");
            if (damage is not null)
            {
                _log.Error("task index: task {0} is damaged at {1}; it is listed flagged, every other task as usual", scanned.Id, damage);
            }
        }

        _lastOffset = Math.Max(_lastOffset, chunk.UpTo);
        Publish();
        Sender.Tell(FeedAck.Instance);
    }

    /// <summary>
    /// The feed met task <paramref name="id"/> at <paramref name="sequenceNr"/> without the events before it (the retention
    /// deleted them after a snapshot): the task's fold starts from its latest snapshot, which covers them.
    /// </summary>
    private void StartFromSnapshot(TaskId id, long sequenceNr, List<Emission>? sink)
    {
        _snapshots ??= SnapshotBaseSource.Create(Context.System);
        TaskSnapshotRow? snapshot;
        try
        {
            snapshot = _snapshots?.Latest(id);
        }
        catch (Exception e) when (e is FormatException or System.Data.Common.DbException)
        {
            _log.Warning("task index: task {0}'s snapshot cannot be read: {1}", id, e.Message);
            return;
        }

        if (snapshot is not null && snapshot.SequenceNr >= sequenceNr - 1)
        {
            _table.SetBase(id, snapshot.SequenceNr, snapshot.State, sink);
        }
    }

    private void OnFeedCompleted()
    {
        if (_rebuilt)
        {
            // AllEvents does not complete by itself; if it ever does, follow on from where it stopped.
            Timers.StartSingleTimer(nameof(RestartFeed), RestartFeed.Instance, _settings.FeedRestartDelay);
            return;
        }

        _rebuilt = true;
        var took = DateTime.UtcNow - _rebuildStarted;
        _log.Info("task index: rebuilt {0} task(s) from {1} journal event(s) in {2:0.000} s; following the journal from offset {3}",
            _table.Count, _eventsRead, took.TotalSeconds, _lastOffset);
        StartFeed();
        StartPurgeScans();
        Stash.UnstashAll();
    }

    private sealed record FeedStarted(int Generation);

    /// <summary>Events for the index, and the offset they reach (which may be past the last event: rows of other ids).</summary>
    private sealed class FeedChunk(int generation)
    {
        private List<FeedEvent>? _collected;

        public int Generation { get; } = generation;

        public IReadOnlyList<FeedEvent> Events => _collected ?? (IReadOnlyList<FeedEvent>)[];

        public long UpTo { get; private set; }

        public FeedChunk Add(EventEnvelope envelope)
        {
            if (envelope.Offset is Sequence sequence && sequence.Value > UpTo)
            {
                UpTo = sequence.Value;
            }

            if (envelope.Event is ITaskEvent or Serialization.UnreadableEvent && envelope.PersistenceId.StartsWith(TaskPersistenceIdPrefix, StringComparison.Ordinal))
            {
                (_collected ??= []).Add(new FeedEvent(new TaskId(envelope.PersistenceId[TaskPersistenceIdPrefix.Length..]), envelope.SequenceNr, UpTo, envelope.Event));
            }

            return this;
        }
    }

    /// <summary>One task event of a chunk: an <see cref="ITaskEvent"/>, or an <see cref="Serialization.UnreadableEvent"/> (the task is damaged).</summary>
    private readonly record struct FeedEvent(TaskId Id, long SequenceNr, long Ordering, object Event);

    private sealed record FeedCompleted(int Generation);

    private sealed record FeedFailed(int Generation, Exception Cause);

    private sealed record FeedAck
    {
        public static FeedAck Instance { get; } = new();
    }

    private sealed record RestartFeed
    {
        public static RestartFeed Instance { get; } = new();
    }
}
