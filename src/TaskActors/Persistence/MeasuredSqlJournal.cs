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
/// <c>akka.persistence.journal.sql.class</c> in the reference HOCON; everything else is the plugin's own code.
/// </summary>
internal sealed class MeasuredSqlJournal : SqlWriteJournal
{
    private static readonly Lock Gate = new();
    private static readonly ConditionalWeakTable<ActorSystem, SortedSet<(long Started, long Id)>> InFlight = [];
    private static long _nextId;
    private readonly KeyValuePair<string, object?> _nodeTag;
    private readonly SortedSet<(long Started, long Id)> _inFlight;

    /// <summary>Created by Akka.Persistence from the journal's HOCON section.</summary>
    public MeasuredSqlJournal(Config journalConfig)
        : base(journalConfig)
    {
        _inFlight = InFlight.GetValue(Context.System, _ => []);
        _nodeTag = new KeyValuePair<string, object?>(TaskActorsTelemetry.NodeTag, TaskRuntimeSettings.Create(Context.System.Settings.Config).NodeName);
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
}
