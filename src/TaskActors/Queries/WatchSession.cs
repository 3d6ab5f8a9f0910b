using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using TaskActors.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.State;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>
/// One watch (a child of the <see cref="TaskIndex"/>): buffers the changes the index hands it and sends them to the
/// subscriber in <see cref="TaskWatchBatch"/>es, one batch at a time, the next after the subscriber's
/// <see cref="WatchAck"/>. At most <see cref="QuerySettings.WatchBufferSize"/> changes wait; one more ends the watch with
/// <see cref="WatchOverflowed"/>.
/// </summary>
/// <remarks>
/// With a start version for one task, the watch first replays that task's journal (folded from its first event, so each
/// replayed change carries the task as it was after it; when the retention deleted the first events, the watch ends at
/// once with a <see cref="WatchEnded"/> that says so) up to the version the index had handed out when the watch was
/// registered (<see cref="Plan.ReplayTo"/>), while holding the live changes, which all come after that version; then it
/// releases the held changes. So the seam has no gap and no duplicate. The replay stream is backpressured by the
/// subscriber's acks and never overflows the buffer by itself.
/// </remarks>
internal sealed class WatchSession : ReceiveActor, IWithTimers
{
    private readonly Plan _plan;
    private readonly QuerySettings _settings;
    private readonly IEventsByPersistenceIdQuery? _journal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<TaskWatchEvent> _queue = new();
    private readonly List<TaskWatchEvent> _held = [];
    private int _inFlight;
    private bool _awaitingAck;
    private bool _replaying;
    private TaskState _replayState = TaskState.Empty;
    private IActorRef? _replayAckTo;
    private long _lastVersion;
    private bool _ended;

    /// <summary>Created by the index for one <see cref="WatchTasks"/>.</summary>
    public WatchSession(Plan plan, QuerySettings settings, IEventsByPersistenceIdQuery? journal)
    {
        _plan = plan;
        _settings = settings;
        _journal = journal;
        _lastVersion = plan.From ?? 0;
        Receive<Deliver>(OnDeliver);
        Receive<WatchAck>(_ => OnAck());
        Receive<End>(end => Finish(new WatchEnded(end.Reason)));
        Receive<ReplayStarted>(_ => Sender.Tell(ReplayAck.Instance));
        Receive<EventEnvelope>(OnReplayed);
        Receive<ReplayCompleted>(_ => OnReplayCompleted());
        Receive<ReplayFailed>(failed => Finish(new WatchEnded($"replaying task {_plan.Id} failed: {failed.Cause.Message}")));
        Receive<ReplayTimedOut>(_ => Finish(new WatchEnded(
            $"replaying task {_plan.Id} from resourceVersion {_plan.From} did not reach resourceVersion {_plan.ReplayTo} within " +
            $"{_settings.WatchReplayTimeout.TotalSeconds:0.#} s; its history may have been deleted")));
        Receive<Terminated>(t => t.ActorRef.Equals(_plan.Subscriber), _ =>
        {
            _ended = true; // nobody left to tell
            Context.Stop(Self);
        });
    }

    /// <summary>Set by Akka.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>What the index decided for this watch when it registered it.</summary>
    /// <param name="Subscriber">Receives the batches.</param>
    /// <param name="Id">The watched task, if one.</param>
    /// <param name="From">Changes at or below this resourceVersion are not delivered (the subscriber has them).</param>
    /// <param name="ReplayTo">The last version of the task the index had handed out at registration; live changes follow it.</param>
    /// <param name="Replay">True when versions (From, ReplayTo] must be replayed from the journal first.</param>
    /// <param name="EndReason">If set, the watch ends at once with this reason (e.g. the task was deleted).</param>
    public sealed record Plan(IActorRef Subscriber, TaskId? Id, long? From, long ReplayTo, bool Replay, string? EndReason);

    /// <summary>Index → watch: changes for this watch, oldest first.</summary>
    public sealed record Deliver(IReadOnlyList<TaskWatchEvent> Changes);

    /// <summary>Index → watch: end now (unwatch, or the task vanished).</summary>
    public sealed record End(string Reason);

    private sealed record ReplayStarted
    {
        public static ReplayStarted Instance { get; } = new();
    }

    private sealed record ReplayAck
    {
        public static ReplayAck Instance { get; } = new();
    }

    private sealed record ReplayCompleted
    {
        public static ReplayCompleted Instance { get; } = new();
    }

    private sealed record ReplayFailed(Exception Cause);

    private sealed record ReplayTimedOut
    {
        public static ReplayTimedOut Instance { get; } = new();
    }

    /// <summary>Props of a watch.</summary>
    public static Props Props(Plan plan, QuerySettings settings, IEventsByPersistenceIdQuery? journal) =>
        Akka.Actor.Props.Create(() => new WatchSession(plan, settings, journal));

    private int Buffered => _queue.Count + _inFlight + _held.Count;

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Watch(_plan.Subscriber);
        if (_plan.EndReason is { } reason)
        {
            Finish(new WatchEnded(reason));
            return;
        }

        if (_plan.Replay && _plan.Id is { } id && _journal is not null)
        {
            _replaying = true;
            Timers.StartSingleTimer(nameof(ReplayTimedOut), ReplayTimedOut.Instance, _settings.WatchReplayTimeout);
            // Live query up to the registration point: it completes as soon as that many task events were read.
            _journal.EventsByPersistenceId(PersistenceIds.Task(id), 1, long.MaxValue)
                .Where(e => e.Event is ITaskEvent)
                .Take(_plan.ReplayTo)
                .RunWith(
                    Sink.ActorRefWithAck<EventEnvelope>(Self, ReplayStarted.Instance, ReplayAck.Instance, ReplayCompleted.Instance, e => new ReplayFailed(e)),
                    Context.Materializer());
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (!_ended)
        {
            _plan.Subscriber.Tell(new WatchEnded("the watch was stopped (its index or node is stopping)"), Self);
        }
    }

    private void OnDeliver(Deliver deliver)
    {
        foreach (var change in deliver.Changes)
        {
            if (_replaying)
            {
                _held.Add(change);
            }
            else
            {
                Enqueue(change);
            }
        }

        if (Buffered > _settings.WatchBufferSize)
        {
            Finish(new WatchOverflowed(
                $"the subscriber fell behind: more than {_settings.WatchBufferSize} changes waited for its acknowledgement " +
                "(task-actors.queries.watch.buffer-size); list again and watch again from the last resourceVersion seen"));
            return;
        }

        SendNext();
    }

    private void OnReplayed(EventEnvelope envelope)
    {
        var @event = (ITaskEvent)envelope.Event;
        if (!_replayState.Exists && envelope.SequenceNr > 1)
        {
            // The retention (task-actors.runtime.retain-runs) deleted the first events: the versions asked for are gone.
            Finish(new WatchEnded(
                $"task {_plan.Id}'s events before resourceVersion {envelope.SequenceNr} were removed by the journal retention " +
                $"(task-actors.runtime.retain-runs), so changes from resourceVersion {_plan.From} cannot be replayed; get or list the task and watch from its current resourceVersion"));
            return;
        }

        try
        {
            _replayState = _replayState.Apply(@event);
        }
        catch (Model.Common.ModelException e)
        {
            Finish(new WatchEnded($"replaying task {_plan.Id} failed at sequence number {envelope.SequenceNr}: {e.Message}"));
            return;
        }

        Enqueue(new TaskWatchEvent(_replayState.Resource!, @event));
        SendNext();
        if (Buffered < _settings.WatchBufferSize)
        {
            Sender.Tell(ReplayAck.Instance);
        }
        else
        {
            _replayAckTo = Sender; // resumed by the subscriber's next ack
        }
    }

    private void OnReplayCompleted()
    {
        if (!_replaying)
        {
            return;
        }

        _replaying = false;
        Timers.Cancel(nameof(ReplayTimedOut));
        if (_replayState.Version < _plan.ReplayTo)
        {
            Finish(new WatchEnded($"task {_plan.Id}'s history ends at resourceVersion {_replayState.Version}, before {_plan.ReplayTo}; it was deleted"));
            return;
        }

        foreach (var change in _held)
        {
            Enqueue(change);
        }

        _held.Clear();
        SendNext();
    }

    private void Enqueue(TaskWatchEvent change)
    {
        if (_plan.Id is not null)
        {
            // One task: versions only go up (this drops what the subscriber already has, and the seam's overlap).
            var version = change.Task.Metadata.ResourceVersion;
            if (version <= _lastVersion)
            {
                return;
            }

            _lastVersion = version;
        }

        _queue.Enqueue(change);
    }

    private void OnAck()
    {
        if (!_awaitingAck)
        {
            return;
        }

        _awaitingAck = false;
        _inFlight = 0;
        SendNext();
        if (_replayAckTo is { } stream && Buffered < _settings.WatchBufferSize)
        {
            _replayAckTo = null;
            stream.Tell(ReplayAck.Instance);
        }
    }

    private void SendNext()
    {
        if (_awaitingAck || _queue.Count == 0 || _ended)
        {
            return;
        }

        var count = Math.Min(_queue.Count, _settings.WatchBatchSize);
        var batch = new TaskWatchEvent[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = _queue.Dequeue();
        }

        _inFlight = count;
        _awaitingAck = true;
        _plan.Subscriber.Tell(new TaskWatchBatch(batch), Self);
    }

    private void Finish(IWatchMessage last)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _log.Debug("watch {0} of {1} ended: {2}", Self.Path.Name, _plan.Subscriber, last);
        _plan.Subscriber.Tell(last, Self);
        Context.Stop(Self);
    }
}
