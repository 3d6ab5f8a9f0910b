using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using TaskActors.Persistence;
using TaskActors.Queries;

namespace TaskActors.Node;

/// <summary>How a part of the node is doing (the same three states as ASP.NET Core's health checks).</summary>
public enum NodeHealthStatus
{
    /// <summary>Not working: the node cannot do its job until this changes.</summary>
    Unhealthy,

    /// <summary>Working, but behind or slow.</summary>
    Degraded,

    /// <summary>Working.</summary>
    Healthy,
}

/// <summary>The result of one of <see cref="NodeHealth"/>'s checks: the state and, in words, why.</summary>
/// <param name="Status">The state.</param>
/// <param name="Description">What was checked and what was found.</param>
public sealed record NodeHealthResult(NodeHealthStatus Status, string Description);

/// <summary>
/// The node's health checks, answered by the node itself within a time limit (a check never hangs): the journal
/// (<see cref="CheckJournalAsync"/>), the task runtime (<see cref="CheckRuntimeAsync"/>) and the read-side index
/// (<see cref="CheckIndexAsync"/>). TaskActors.Hosting wraps them as ASP.NET Core / Microsoft.Extensions health checks
/// (<c>AddTaskActorsHealthChecks()</c>). Thread-safe.
/// </summary>
public sealed class NodeHealth
{
    /// <summary>How long a check waits before it calls what it waits for unhealthy: 3 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>An index that has not read an event this long after it was written is behind: 5 seconds.</summary>
    public static readonly TimeSpan IndexLagLimit = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system;
    private readonly IActorRef _region;
    private readonly IActorRef _index;
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private IActorRef? _probe;
    private Task _probeStopped = Task.CompletedTask;
    private int _probes;

    internal NodeHealth(ActorSystem system, IActorRef region, IActorRef index)
    {
        _system = system;
        _region = region;
        _index = index;
    }

    /// <summary>
    /// Writes one probe event through the journal plugin and waits for it to be stored: Healthy when it is within
    /// <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>); Unhealthy when the journal fails the write, does
    /// not answer in time (stopped, unreachable, locked), or a task write has been in flight longer than the timeout.
    /// </summary>
    public async Task<NodeHealthResult> CheckJournalAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        if (MeasuredSqlJournal.OldestWriteInFlight(_system) is { } stalled && stalled > limit)
        {
            return new(NodeHealthStatus.Unhealthy, $"a journal write has been in flight for {stalled.TotalSeconds:0.#} s (the journal is stalled)");
        }

        await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_probe is null || _probeStopped.IsCompleted)
            {
                // A failed write stops the probe (Akka's rule for a failed persist): the next check gets a fresh one.
                _probe = _system.ActorOf(Props.Create<JournalProbe>(), $"taskactors-journal-probe-{++_probes}");
                _probeStopped = _probe.WatchAsync(CancellationToken.None);
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var probed = await _probe.Ask<JournalProbe.Probed>(JournalProbe.Probe.Instance, limit, cancellationToken).ConfigureAwait(false);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            return new(NodeHealthStatus.Healthy, $"the journal stored probe {probed.SequenceNr} in {took.TotalMilliseconds:0} ms");
        }
        catch (AskTimeoutException)
        {
            return new(NodeHealthStatus.Unhealthy, $"the journal did not store a probe event within {limit.TotalSeconds:0.#} s (stopped, unreachable or stalled)");
        }
        finally
        {
            _probeGate.Release();
        }
    }

    /// <summary>
    /// Asks the task region to identify itself: Healthy when it answers within the timeout; Unhealthy when it is dead
    /// (stopped, or the actor system terminated) or does not answer (its mailbox is stuck).
    /// </summary>
    public async Task<NodeHealthResult> CheckRuntimeAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        if (_system.WhenTerminated.IsCompleted)
        {
            return new(NodeHealthStatus.Unhealthy, $"the actor system '{_system.Name}' has terminated");
        }

        try
        {
            var identity = await _region.Ask<ActorIdentity>(new Identify("health"), limit, cancellationToken).ConfigureAwait(false);
            return identity.Subject is null
                ? new(NodeHealthStatus.Unhealthy, $"the task region {_region.Path} is dead")
                : new(NodeHealthStatus.Healthy, "the task region answers");
        }
        catch (AskTimeoutException)
        {
            return new(NodeHealthStatus.Unhealthy, $"the task region did not answer within {limit.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Asks the read-side index for its state and looks at the first journal event after the last one it read:
    /// Healthy when it has rebuilt and no event older than <see cref="IndexLagLimit"/> waits for it; Degraded while it
    /// rebuilds or when it is behind; Unhealthy when it does not answer.
    /// </summary>
    public async Task<NodeHealthResult> CheckIndexAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        QueryProtocol.IndexStatus status;
        try
        {
            status = await _index.Ask<QueryProtocol.IndexStatus>(QueryProtocol.GetIndexStatus.Instance, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new(NodeHealthStatus.Unhealthy, $"the task index did not answer within {limit.TotalSeconds:0.#} s");
        }

        if (!status.Rebuilt)
        {
            return new(NodeHealthStatus.Degraded, $"the task index is rebuilding from the store (read up to offset {status.LastOffset})");
        }

        var path = _system.Settings.Config.GetString("task-actors.queries.read-journal", "akka.persistence.query.journal.sql");
        if (PersistenceQuery.Get(_system).ReadJournalFor<IReadJournal>(path) is not ICurrentAllEventsQuery journal)
        {
            return new(NodeHealthStatus.Healthy, $"the task index lists {status.Tasks} tasks");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        IReadOnlyList<EventEnvelope> next;
        try
        {
            next = await journal.CurrentAllEvents(Offset.Sequence(status.LastOffset)).Take(1)
                .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer()).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(NodeHealthStatus.Unhealthy, $"the journal did not answer the index check within {limit.TotalSeconds:0.#} s");
        }

        if (next.Count > 0)
        {
            var age = DateTime.UtcNow - new DateTime(next[0].Timestamp, DateTimeKind.Utc);
            if (age > IndexLagLimit)
            {
                return new(NodeHealthStatus.Degraded,
                    $"the task index is behind: the event at offset {((Sequence)next[0].Offset).Value} was written {age.TotalSeconds:0.#} s ago and is not read yet");
            }
        }

        return new(NodeHealthStatus.Healthy, $"the task index is caught up (offset {status.LastOffset}, {status.Tasks} tasks)");
    }
}
