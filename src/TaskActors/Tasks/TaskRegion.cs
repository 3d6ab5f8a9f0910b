using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Identity;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// The local parent of all TaskActors of a node (the single-node stand-in for a cluster shard region): it routes
/// each <see cref="TaskEnvelope"/> to the TaskActor of its id, creating it on demand, and remembers in its own journal
/// (persistence id <c>taskactors-region</c>, outside the <c>task-</c> namespace of the tasks so that no task id can collide with it) which tasks are active, so every active task is woken at start without a
/// client asking.
/// </summary>
/// <remarks>
/// Rules: a task is recorded active before its TaskActor sees the Submit or Rerun that activates it, so a crash in
/// between can only leave an extra id to wake (which then reports itself settled), never a lost active task;
/// messages for an id keep their order while its activation is written; idle settled tasks ask to be stopped
/// (<see cref="Passivate"/>) and messages that arrive meanwhile are buffered and delivered to a new incarnation.
/// </remarks>
internal sealed partial class TaskRegion : ReceivePersistentActor, IWithTimers
{

    private int SnapshotEvery => _dependencies.Settings.RegionSnapshotEvery;
    private readonly TaskActorDependencies _dependencies;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _idsByChild = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _activating = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _restarts = new(StringComparer.Ordinal);
    private int _eventsSinceSnapshot;

    /// <summary>Created once per node by the host.</summary>
    public TaskRegion(TaskActorDependencies dependencies)
    {
        _dependencies = dependencies;
        Recover<SnapshotOffer>(offer =>
        {
            _active.Clear();
            _active.UnionWith(((TaskRegionSnapshot)offer.Snapshot).ActiveIds);
        });
        Recover<TaskActivated>(e => _active.Add(e.Id));
        Recover<TaskDeactivated>(e => _active.Remove(e.Id));
        Recover<RecoveryCompleted>(_ => Self.Tell(WakeAll.Instance));
        Command<WakeAll>(_ => Wake());
        Command<TaskEnvelope>(OnEnvelope);
        Command<Settled>(settled =>
        {
            _restarts.Remove(settled.Id.Value);
            Deactivate(settled.Id.Value);
        });
        Command<Removed>(removed =>
        {
            // The TaskActor stops itself after a delete: hold its messages until it is gone, then start a fresh one.
            if (_children.ContainsKey(removed.Id.Value))
            {
                _stopping.Add(removed.Id.Value);
            }

            Deactivate(removed.Id.Value);
        });
        Command<Active>(active =>
        {
            var id = active.Id.Value;
            if (!_active.Contains(id) && !_activating.Contains(id))
            {
                _active.Add(id);
                PersistAsync(new TaskActivated(id), _ => CountForSnapshot());
            }
        });
        Command<Passivate>(OnPassivate);
        Command<Terminated>(OnTerminated);
        Command<RestartTask>(restart => ChildFor(restart.Id));
        Command<GetActiveCount>(_ => Sender.Tell(new Node.NodeActivity(_active.Count, _children.Count)));
        HandleShutdown();
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("task region: snapshot failed: {0}", failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    /// <inheritdoc />
    public override string PersistenceId => Persistence.PersistenceIds.Region;

    /// <summary>Set by Akka: restart timers for tasks that stopped unexpectedly.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the region of a node.</summary>
    public static Props Props(TaskActorDependencies dependencies) => Akka.Actor.Props.Create(() => new TaskRegion(dependencies));

    /// <summary>TaskActor → region: this task is settled (or was never created); it needs no waking.</summary>
    public sealed record Settled(TaskId Id);

    /// <summary>TaskActor → region: this task, once reported settled, is active again; remember to wake it.</summary>
    public sealed record Active(TaskId Id);

    /// <summary>TaskActor → region: this task was deleted and is stopping.</summary>
    public sealed record Removed(TaskId Id);

    /// <summary>TaskActor → region: I am settled and idle; stop me (messages for me are buffered meanwhile).</summary>
    public sealed record Passivate(TaskId Id);

    /// <summary>Ask the region how many tasks are active (remembered) and how many TaskActors are alive; answered with a <see cref="Node.NodeActivity"/>.</summary>
    public sealed record GetActiveCount
    {
        /// <summary>The one instance.</summary>
        public static GetActiveCount Instance { get; } = new();
    }

    private sealed record RestartTask(TaskId Id);

    private sealed class WakeAll
    {
        public static readonly WakeAll Instance = new();
    }

    private void Wake()
    {
        if (!_dependencies.Settings.WakeActiveAtStart)
        {
            _log.Info("task region: {0} active task(s) left asleep (wake-active-at-start = off)", _active.Count);
            return;
        }

        _log.Info("task region: waking {0} active task(s)", _active.Count);
        foreach (var id in _active)
        {
            ChildFor(new TaskId(id));
        }
    }

    private void OnEnvelope(TaskEnvelope envelope)
    {
        var id = envelope.Id.Value;
        if (TaskId.Check(id) is { } problem)
        {
            Sender.Tell(new Invalid([new Model.Common.FieldError("metadata.id", $"'{id}' {problem}", IdentifierRules.Allowed(TaskId.MaxLength))]));
            return;
        }

        if (_stopping.Contains(id) || _activating.Contains(id))
        {
            Buffer(id, envelope, Sender);
            return;
        }

        if (envelope.Message is Submit or Rerun && !_active.Contains(id))
        {
            // Remember the task before it can become active, then deliver in order.
            _activating.Add(id);
            Buffer(id, envelope, Sender);
            PersistAsync(new TaskActivated(id), e =>
            {
                _active.Add(e.Id);
                _activating.Remove(e.Id);
                CountForSnapshot();
                Flush(e.Id);
            });
            return;
        }

        ChildFor(envelope.Id).Forward(envelope.Message);
    }

    private void Deactivate(string id)
    {
        if (!_active.Contains(id) || _activating.Contains(id))
        {
            return;
        }

        _active.Remove(id);
        PersistAsync(new TaskDeactivated(id), _ => CountForSnapshot());
    }

    private void OnPassivate(Passivate passivate)
    {
        var id = passivate.Id.Value;
        if (_children.TryGetValue(id, out var child) && !_stopping.Contains(id))
        {
            _stopping.Add(id);
            Context.Stop(child);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_idsByChild.Remove(terminated.ActorRef, out var id))
        {
            return;
        }

        _children.Remove(id);
        OnShutdownChildStopped(id);
        if (_stopping.Remove(id))
        {
            Flush(id);
            return;
        }

        if (_active.Contains(id) && !_shutdown.Started)
        {
            // An active task stopped unexpectedly (its journal failed, or an event could not be read): start it again
            // after a pause that doubles with each consecutive failure, up to restart-delay-max.
            var failures = _restarts.TryGetValue(id, out var n) ? n + 1 : 1;
            _restarts[id] = failures;
            var delay = TimeSpan.FromTicks(Math.Min(_dependencies.Settings.RestartDelay.Ticks << Math.Min(failures - 1, 16), _dependencies.Settings.RestartDelayMax.Ticks));
            _log.Warning("task region: task {0} stopped unexpectedly ({1} time(s) in a row); restarting it in {2}", id, failures, delay);
            Timers.StartSingleTimer("restart-" + id, new RestartTask(new TaskId(id)), delay);
        }

        Flush(id);
    }

    private IActorRef ChildFor(TaskId id)
    {
        if (_children.TryGetValue(id.Value, out var existing))
        {
            return existing;
        }

        var child = Context.ActorOf(TaskActor.Props(id, _dependencies), id.Value);
        Context.Watch(child);
        _children[id.Value] = child;
        _idsByChild[child] = id.Value;
        return child;
    }

    private void Buffer(string id, object message, IActorRef sender)
    {
        if (!_buffers.TryGetValue(id, out var buffer))
        {
            buffer = [];
            _buffers[id] = buffer;
        }

        buffer.Add((message, sender));
    }

    private void Flush(string id)
    {
        if (!_buffers.Remove(id, out var buffer))
        {
            return;
        }

        foreach (var (message, sender) in buffer)
        {
            Self.Tell(message, sender);
        }
    }

    private void CountForSnapshot()
    {
        if (++_eventsSinceSnapshot >= SnapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(new TaskRegionSnapshot([.. _active.Order(StringComparer.Ordinal)]));
        }
    }
}
