using System.Text;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Persistence;

namespace TaskActors.Client;

/// <summary>
/// Reads one task's journal through the node's read journal (<c>CurrentEventsByPersistenceId</c>), for
/// <see cref="TaskClient.EventsAsync"/>: the same rows the TaskActor recovers from, never the store file behind the
/// node's back.
/// </summary>
internal static class TaskEventsQuery
{
    /// <summary>The config key naming the read journal the node uses (the index follows the same one).</summary>
    private const string ReadJournalKey = "task-actors.queries.read-journal";

    /// <summary>The task's events, oldest first; null when it has none or was deleted.</summary>
    public static async Task<IReadOnlyList<JournalEntry>?> ReadAsync(ActorSystem system, TaskId id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = system.Settings.Config.GetString(ReadJournalKey, "akka.persistence.query.journal.sql");
        var journal = PersistenceQuery.Get(system).ReadJournalFor<IReadJournal>(path) as ICurrentEventsByPersistenceIdQuery
            ?? throw new InvalidOperationException($"the read journal '{path}' cannot read events by persistence id");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        IReadOnlyList<EventEnvelope> envelopes;
        try
        {
            envelopes = await journal.CurrentEventsByPersistenceId(Persistence.PersistenceIds.Task(id), 1, long.MaxValue)
                .Where(e => e.Event is ITaskEvent)
                .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
                .WaitAsync(deadline.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the journal of task '{id}' was not read within {timeout.TotalSeconds:0.###} s", e);
        }

        if (envelopes.Count == 0 || envelopes.Any(e => e.Event is TaskDeleted))
        {
            return null;
        }

        return [.. envelopes.Select(ToEntry)];
    }

    private static JournalEntry ToEntry(EventEnvelope envelope)
    {
        var @event = (ITaskEvent)envelope.Event;
        // The journal stores the serializer's bytes; writing the event again gives the same JSON (the writer is deterministic).
        var json = Encoding.UTF8.GetString(TaskEventJson.ToBytes(@event));
        var writtenAt = new DateTimeOffset(new DateTime(envelope.Timestamp, DateTimeKind.Utc));
        return new JournalEntry(envelope.SequenceNr, writtenAt, TaskEventJson.ManifestOf(@event), @event, json);
    }
}
