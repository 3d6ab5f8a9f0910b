using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using TaskActors.Tasks;
using TaskActors.Telemetry;

namespace TaskActors.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal with each write timed: the duration of every <c>WriteMessagesAsync</c> (one batch of
/// atomic writes, as the plugin commits it) goes to <c>taskactors.journal.write.duration</c>, and the oldest write still
/// in flight is kept for the health check (a stalled journal shows as a write that does not finish). Configured as
/// <c>akka.persistence.journal.sql.class</c> in the reference HOCON; everything else is the plugin's own code, except that
/// deletions of one persistence id run one after the other on PostgreSQL (see <see cref="DeleteMessagesToAsync"/>).
/// </summary>
internal sealed class MeasuredSqlJournal : SqlWriteJournal
{
    private static readonly Lock Gate = new();
    private static readonly ConditionalWeakTable<ActorSystem, SortedSet<(long Started, long Id)>> InFlight = [];
    private static long _nextId;
    private readonly KeyValuePair<string, object?> _nodeTag;
    private readonly SortedSet<(long Started, long Id)> _inFlight;
    private readonly Lock _deletesGate = new();
    private readonly Dictionary<string, Task> _deletes = new(StringComparer.Ordinal);
    private readonly bool _serializeDeletes;

    /// <summary>Created by Akka.Persistence from the journal's HOCON section.</summary>
    public MeasuredSqlJournal(Config journalConfig)
        : base(journalConfig)
    {
        _inFlight = InFlight.GetValue(Context.System, _ => []);
        _nodeTag = new KeyValuePair<string, object?>(TaskActorsTelemetry.NodeTag, TaskRuntimeSettings.Create(Context.System.Settings.Config).NodeName);
        _serializeDeletes = StoreConnections.KindOf(Context.System.Settings.Config) == StoreKind.PostgreSql;
    }

    /// <summary>
    /// How long the oldest write still in flight in <paramref name="system"/>'s journal has been running, or null when
    /// none is in flight (or the system's journal is not this class).
    /// </summary>
    public static TimeSpan? OldestWriteInFlight(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        lock (Gate)
        {
            return InFlight.TryGetValue(system, out var writes) && writes.Count > 0
                ? Stopwatch.GetElapsedTime(writes.Min.Started)
                : null;
        }
    }

    /// <inheritdoc />
    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var entry = (Stopwatch.GetTimestamp(), Interlocked.Increment(ref _nextId));
        lock (Gate)
        {
            _inFlight.Add(entry);
        }

        try
        {
            return await base.WriteMessagesAsync(messages, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TaskActorsTelemetry.JournalWriteDuration.Record(Stopwatch.GetElapsedTime(entry.Item1).TotalSeconds, _nodeTag);
            lock (Gate)
            {
                _inFlight.Remove(entry);
            }
        }
    }

    /// <summary>
    /// Runs the plugin's deletion after the previous deletion of the same persistence id has finished (deletions of
    /// different ids still run in parallel). The plugin deletes in one transaction that first marks every row up to the
    /// bound and then deletes all but the highest marked; on PostgreSQL two such transactions of one id (a task's journal
    /// retention asks for one after each snapshot, and the journal does not order them) lock overlapping rows in different
    /// orders and fail with "deadlock detected" (40P01), leaving the rows in place. SQLite's single write lock serialises
    /// them anyway, so there the plugin's own behaviour is kept unchanged. A failed predecessor does not stop the next one:
    /// its own sender was told.
    /// </summary>
    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        if (!_serializeDeletes)
        {
            return base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
        }

        Task next;
        lock (_deletesGate)
        {
            var previous = _deletes.GetValueOrDefault(persistenceId) ?? Task.CompletedTask;
            next = DeleteAfter(previous, persistenceId, toSequenceNr, cancellationToken);
            _deletes[persistenceId] = next;
        }

        _ = next.ContinueWith(
            done =>
            {
                lock (_deletesGate)
                {
                    if (_deletes.TryGetValue(persistenceId, out var latest) && ReferenceEquals(latest, done))
                    {
                        _deletes.Remove(persistenceId);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return next;
    }

    private async Task DeleteAfter(Task previous, string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // reported to the sender of that deletion; this one runs regardless
        }

        await base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken).ConfigureAwait(false);
    }
}
