using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.State;
using static TaskActors.Attempts.AttemptProtocol;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// One task: a persistent actor (persistence id <c>task-{id}</c>) whose journal holds the task's events and whose
/// state is rebuilt only by replaying them. It answers the task's commands and queries, supervises one
/// <see cref="Attempts.AttemptActor"/> child per attempt, and keeps timers for the attempt's timeout and the next
/// attempt's due time.
/// </summary>
/// <remarks>
/// <para>It decides nothing itself: every command goes to a pure rule of the model
/// (<see cref="Model.Commands.TaskDecider"/>, <see cref="RestartDecider"/>), and the actor persists the events that
/// were decided, acts after persisting (a reply, a child, a timer) and replies (invariant 2).</para>
/// <para>Reading order: this file holds all of the actor's state and its stages (one behaviour each); the handlers
/// live in partial files by concern: commands (<c>TaskActor.Commands.cs</c>), attempts (<c>TaskActor.Attempts.cs</c>),
/// the slot (<c>TaskActor.Admission.cs</c>), recovery (<c>TaskActor.Recovery.cs</c>), and shutdown, delete and
/// passivation (<c>TaskActor.Lifecycle.cs</c>).</para>
/// </remarks>
internal sealed partial class TaskActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    // Who it is and what it shares with the node's other tasks.
    private readonly TaskId _id;
    private readonly TaskActorDependencies _dependencies;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Random _random = new();

    // What the journal says (the only state that survives this incarnation).
    private TaskState _state = TaskState.Empty;
    private bool _retired;
    private long _lastSnapshotSequenceNr;
    private long _journalDeletedUpTo;

    // This incarnation: its stage, the claim under way, the running attempt's child, and who waits for an answer.
    private Stage _stage = Stage.Recovering;
    private PendingClaim? _claim;
    private IActorRef? _attempt;
    private Exception? _attemptFailure;
    private readonly List<IActorRef> _deleteWaiters = [];
    private IActorRef? _shutdownWaiter;
    private bool _handOffRequested;

    // The task region's bookkeeping (replaced by cluster sharding later): whether it was told this task is settled.
    private bool _settledReported;

    /// <summary>Created by the task region for <paramref name="id"/>, on demand or to wake an active task at start.</summary>
    public TaskActor(TaskId id, TaskActorDependencies dependencies)
    {
        _id = id;
        _dependencies = dependencies;
        PersistenceId = Persistence.PersistenceIds.Task(id);
        Recovering();
    }

    /// <summary>
    /// The stages of one incarnation. Each has its own behaviour, and <see cref="MoveTo"/> allows only these transitions:
    /// <code>
    /// Recovering   → Serving       the journal is replayed; whatever was under way continues
    ///              → Reaping       an attempt was open and its process group was recorded: stop it if still alive
    ///              → Purging       a delete was under way and no attempt is open
    ///              → Damaged       the history cannot be read to its end: the task refuses changes, other tasks run
    /// Reaping      → Serving       the recorded group is gone; the open attempt is recorded as interrupted
    /// Damaged      → Purging       deleted by a client (the unreadable history is removed)
    /// Serving      → Claiming      a submit or rerun the model accepted waits for its slot's answer
    ///              → ShuttingDown  the node stops: the open attempt is stopped and recorded, nothing new starts
    ///              → Purging       deleted, and no attempt is open any more
    /// Claiming     → Serving       the slot granted or refused the claim, or did not answer in time
    /// ShuttingDown → Purging       a delete finished while the node was stopping
    /// Purging      → (stopped)     the history is removed; the actor stops
    /// </code>
    /// </summary>
    private enum Stage
    {
        Recovering,
        Reaping,
        Serving,
        Claiming,
        ShuttingDown,
        Purging,
        Damaged,
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Set by Akka: the timers of this actor (attempt timeout, next attempt, claim, idle passivation).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the TaskActor of <paramref name="id"/>.</summary>
    public static Props Props(TaskId id, TaskActorDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new TaskActor(id, dependencies));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void MoveTo(Stage next)
    {
        var legal = (_stage, next) switch
        {
            (Stage.Recovering, Stage.Serving or Stage.Reaping or Stage.Purging or Stage.Damaged) => true,
            (Stage.Reaping, Stage.Serving) => true,
            (Stage.Damaged, Stage.Purging) => true,
            (Stage.Serving, Stage.Claiming or Stage.ShuttingDown or Stage.Purging) => true,
            (Stage.Claiming, Stage.Serving) => true,
            (Stage.ShuttingDown, Stage.Purging) => true,
            _ => false,
        };
        if (!legal)
        {
            throw new InvalidOperationException($"task {_id}: no transition from {_stage} to {next}");
        }

        _stage = next;
        switch (next)
        {
            case Stage.Serving:
                Become(Serving);
                break;
            case Stage.Claiming:
                Become(Claiming);
                break;
            case Stage.Reaping:
                Become(Reaping);
                break;
            case Stage.ShuttingDown:
                Become(ShuttingDown);
                break;
            case Stage.Purging:
                Become(Purging);
                break;
            case Stage.Damaged:
                Become(Damaged);
                break;
        }
    }

    /// <summary>Replaying the journal; commands wait (Akka stashes them) until recovery completes.</summary>
    private void Recovering()
    {
        Recover<SnapshotOffer>(OnSnapshotOffer);
        Recover<ITaskEvent>(OnRecoveredEvent);
        Recover<Serialization.UnreadableEvent>(OnUnreadableEvent);
        // Persisting from RecoveryCompleted is supported and happens before any stashed command runs.
        Recover<RecoveryCompleted>(_ => ContinueAfterRecovery());
        Serving();
    }

    /// <summary>The normal life: commands, queries, attempts, the slot, timers.</summary>
    private void Serving()
    {
        Command<Submit>(OnSubmit);
        Command<Rerun>(_ => OnRerun());
        Command<Cancel>(OnCancel);
        Command<Delete>(OnDelete);
        Command<Admit>(_ => OnAdmit());
        Command<StopForShutdown>(_ => OnStopForShutdown());
        Command<HandOff>(_ => OnHandOff());
        Command<ReceiveTimeout>(_ => OnIdle());
        HandleAttempts(startsNew: true);
        HandleQueries();
        HandleSnapshots();
    }

    /// <summary>Waiting for the slot's answer to a claim; every other message waits in the stash.</summary>
    private void Claiming()
    {
        HandleClaimAnswers();
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>The node is stopping: the open attempt is being stopped and recorded; nothing new starts.</summary>
    private void ShuttingDown()
    {
        Command<Submit>(OnSubmitWhileStopping);
        Command<Rerun>(_ => OnRerun());
        Command<Cancel>(OnCancel);
        Command<Delete>(OnDelete);
        Command<Admit>(_ => { });   // the slot admits again after the restart (it asks whether this task was told)
        Command<StopForShutdown>(_ => OnStopForShutdown());
        Command<HandOff>(_ => OnHandOff());
        Command<ReceiveTimeout>(_ => { });
        HandleAttempts(startsNew: false);
        HandleQueries();
        HandleSnapshots();
    }

    /// <summary>Removing the history: answers NotFound to everything but Delete, whose waiters learn when it is done.</summary>
    private void Purging()
    {
        HandlePurge();
        Command<Delete>(_ => _deleteWaiters.Add(Sender));
        Command<ITaskCommand>(_ => Sender.Tell(new NotFound(_id)));
        Command<AttemptEnded>(_ => { });
        Command<StopForShutdown>(_ => Sender.Tell(new StoppedForShutdown(_id)));
        CommandAny(_ => { });
    }

    private void HandleQueries()
    {
        Command<Get>(_ => Sender.Tell(_state.Resource is { } task && !_state.IsDeleted ? new Found(task) : new NotFound(_id)));
        Command<GetRuns>(_ => Sender.Tell(_state.Exists && !_state.IsDeleted ? new RunList(_id, _state.Runs) : new NotFound(_id)));
        Command<GetSettlement>(_ => Sender.Tell(new Settlement(_id, _state.Exists && !_state.IsDeleted, !_state.Exists || _state.IsSettled, _state.IsAdmitted)));
    }

    /// <summary>
    /// After a snapshot is saved: older snapshots go, and so do the journal events the retention lets go
    /// (<see cref="JournalRetention"/>: older than the snapshot and than the last <c>retain-runs</c> runs). Akka.Persistence.Sql
    /// keeps the highest deleted row (marked), so the sequence numbers continue.
    /// </summary>
    private void HandleSnapshots()
    {
        Command<SaveSnapshotSuccess>(success =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
            if (JournalRetention.DeleteUpTo(_state, success.Metadata.SequenceNr, _dependencies.Settings.RetainRuns, _journalDeletedUpTo) is { } upTo)
            {
                _journalDeletedUpTo = upTo;
                DeleteMessages(upTo);
            }
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning("task {0}: removing journal events up to {1} (retention) failed: {2}", _id, failure.ToSequenceNr, failure.Cause.Message));
        Command<SaveSnapshotFailure>(failure => _log.Warning("task {0}: snapshot failed: {1}", _id, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("task {0}: removing snapshots failed: {1}", _id, failure.Cause.Message));
    }

    /// <summary>
    /// Persists <paramref name="events"/> atomically, applies each (publishing <see cref="TaskChanged"/>), and runs
    /// <paramref name="then"/> once all are applied, so nothing acts on an event before it is in the journal.
    /// </summary>
    private void PersistThen(IReadOnlyList<ITaskEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, persisted =>
        {
            _state = _state.Apply(persisted);
            Context.System.EventStream.Publish(new TaskChanged(_state.Resource!, persisted));
            if (--remaining > 0)
            {
                return;
            }

            SnapshotIfDue();
            then();
            AfterStateChanged();
        });
    }

    private void SnapshotIfDue()
    {
        if (LastSequenceNr - _lastSnapshotSequenceNr >= _dependencies.Settings.SnapshotEvery)
        {
            _lastSnapshotSequenceNr = LastSequenceNr;
            SaveSnapshot(_state);
        }
    }
}
