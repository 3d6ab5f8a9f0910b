using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.State;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// One task: a persistent actor (persistence id <c>task-{id}</c>) whose journal holds the task's events and whose
/// state is rebuilt only by replaying them. It answers the task's commands and queries, supervises one TaskRun child
/// per attempt, and keeps timers for the attempt's timeout and the next attempt's due time.
/// </summary>
/// <remarks>
/// Rules: every decision comes from the model's pure functions (<see cref="TaskState"/>, <see cref="RestartDecider"/>);
/// an event is persisted before anything acts on it (a reply, a child, a timer); the resourceVersion is the journal's
/// sequence number. Split by concern: commands here, attempts in <c>TaskActor.Attempts.cs</c>, recovery in
/// <c>TaskActor.Recovery.cs</c>, cancel/delete/passivation/shutdown in <c>TaskActor.Lifecycle.cs</c>.
/// </remarks>
public sealed partial class TaskActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    private readonly TaskId _id;
    private readonly TaskActorDependencies _dependencies;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Random _random = new();
    private TaskState _state = TaskState.Empty;
    private long _lastSnapshotSequenceNr;

    /// <summary>Created by the task region for <paramref name="id"/>, on demand or to wake an active task at start.</summary>
    public TaskActor(TaskId id, TaskActorDependencies dependencies)
    {
        _id = id;
        _dependencies = dependencies;
        PersistenceId = PersistenceIdFor(id);
        RecoverState();
        HandleQueries();
        HandleCommands();
        HandleAttempts();
        HandleLifecycle();
        HandleAdmission();
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Set by Akka: the timers of this actor (attempt timeout, next attempt, idle passivation).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The persistence id of a task: <c>task-{id}</c>.</summary>
    public static string PersistenceIdFor(TaskId id) => "task-" + id.Value;

    /// <summary>Props for the TaskActor of <paramref name="id"/>.</summary>
    public static Props Props(TaskId id, TaskActorDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new TaskActor(id, dependencies));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void HandleQueries()
    {
        Command<Get>(_ => Sender.Tell(_state.Resource is { } task && !_state.IsDeleted ? new Found(task) : new NotFound(_id)));
        Command<GetRuns>(_ => Sender.Tell(_state.Exists && !_state.IsDeleted ? new RunList(_id, _state.Runs) : new NotFound(_id)));
    }

    private void HandleCommands()
    {
        Command<Submit>(OnSubmit);
        Command<Rerun>(_ => OnRerun());
    }

    private void OnSubmit(Submit submit)
    {
        RegionActivated();
        if (_state.Resource is { } existing)
        {
            Sender.Tell(new AlreadyExists(existing));
            ReportSettledIfSo();
            return;
        }

        if (_retired)
        {
            Sender.Tell(new Rejected(RejectionKind.IdRetired, $"the id '{_id}' belonged to a deleted task; ids are never reused"));
            ReportSettledIfSo();
            return;
        }

        var errors = Model.Specs.TaskSpecValidator.Validate(submit.Spec);
        if (errors.Count > 0)
        {
            Sender.Tell(new Invalid(errors));
            ReportSettledIfSo();
            return;
        }

        if (_dependencies.Runners.CheckSubmittable(submit.Spec) is { } rejection)
        {
            Sender.Tell(new Rejected(rejection.Kind, rejection.Message));
            ReportSettledIfSo();
            return;
        }

        var replyTo = Sender;
        ClaimSlot(submit.Spec, replyTo, admitted =>
        {
            var created = new TaskCreated(_id, submit.Spec, Now, admitted, submit.TraceParent);
            if (admitted)
            {
                StartAttempt([created], () => replyTo.Tell(new Accepted(_state.Resource!)));
            }
            else
            {
                PersistThen([created], () => replyTo.Tell(new Accepted(_state.Resource!)));
            }
        });
    }

    private void OnRerun()
    {
        RegionActivated();
        if (_state.Resource is not { } task || _state.IsDeleted)
        {
            Sender.Tell(new NotFound(_id));
            ReportSettledIfSo();
            return;
        }

        if (!_state.IsSettled || _shuttingDown)
        {
            Sender.Tell(new Rejected(RejectionKind.WrongPhase, $"only a finished task can be rerun; '{_id}' is {task.Phase.ToString().ToLowerInvariant()}" +
                                                               (_state.ScheduledRetry is null ? string.Empty : " with a next attempt scheduled")));
            return;
        }

        var replyTo = Sender;
        ClaimSlot(task.Spec, replyTo, admitted => PersistThen([new TaskRerunRequested(Now, admitted)], () =>
        {
            replyTo.Tell(new Accepted(_state.Resource!));
            StartAttempt();
        }));
    }

    /// <summary>
    /// Persists <paramref name="events"/> atomically, applies each (publishing <see cref="TaskChanged"/>), and runs
    /// <paramref name="then"/> once all are applied — so nothing acts on an event before it is in the journal.
    /// </summary>
    private void PersistThen(IReadOnlyList<ITaskEvent> events, Action then)
    {
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
