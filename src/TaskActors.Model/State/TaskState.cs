using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;

namespace TaskActors.Model.State;

/// <summary>
/// The event-sourced state of one task: the resource, its run records, and what the runtime needs to carry on
/// (the failure streak, the scheduled next attempt). Only <see cref="Apply"/> changes it; start from
/// <see cref="Empty"/> and fold the journal's events.
/// </summary>
/// <remarks>
/// Rules: resourceVersion = number of applied events; attempt numbers start at 1 and never repeat; a finished
/// attempt is never changed by a late event for it; at most <see cref="MaxRunsKept"/> run records are kept
/// (the oldest are dropped). The journal keeps at least the events of the last runs: the runtime deletes older events
/// once a snapshot covers them (<see cref="JournalRetention"/>).
/// </remarks>
/// <param name="Resource">The task, or null before <see cref="TaskCreated"/>.</param>
/// <param name="Runs">Run records, oldest first.</param>
/// <param name="FailureStreak">Failed or timed-out attempts in a row since the last success or rerun.</param>
/// <param name="ScheduledRetry">The next attempt's schedule, while one is pending.</param>
/// <param name="IsDeleted">True once <see cref="TaskDeleted"/> was applied.</param>
public sealed record TaskState(
    TaskResource? Resource,
    ValueList<TaskRun> Runs,
    int FailureStreak,
    RetryScheduled? ScheduledRetry,
    bool IsDeleted)
{
    /// <summary>The most run records kept in the state.</summary>
    public const int MaxRunsKept = 256;

    /// <summary>The state before any event.</summary>
    public static TaskState Empty { get; } = new(null, ValueList<TaskRun>.Empty, 0, null, false);

    /// <summary>
    /// False while the task waits in its slot's queue (created or rerun without admission); it may start an attempt
    /// only when admitted.
    /// </summary>
    public bool IsAdmitted { get; init; } = true;

    /// <summary>
    /// The process group of the open attempt, once its launch was recorded (subprocess attempts only); null otherwise.
    /// A node that recovers the task with this set stops the group (if it is still the same process) before going on.
    /// </summary>
    public AttemptProcessStarted? ActiveProcess { get; init; }

    /// <summary>
    /// The resourceVersion (= journal sequence number) at which each of the last <c>RunStartVersions.Count</c> runs'
    /// <see cref="AttemptStarted"/> was applied, aligned with the end of <see cref="Runs"/>: the last entry belongs to the
    /// last run. Shorter than <see cref="Runs"/> for a state recovered from a snapshot written before this was tracked
    /// (the older runs' starts are then unknown). Used by <see cref="JournalRetention"/>.
    /// </summary>
    internal ValueList<long> RunStartVersions { get; init; } = ValueList<long>.Empty;

    /// <summary>True once the task was created.</summary>
    public bool Exists => Resource is not null;

    /// <summary>The number of events applied (= resourceVersion; 0 before creation).</summary>
    public long Version => Resource?.Metadata.ResourceVersion ?? 0;

    /// <summary>The open run record, if an attempt is running (or being stopped).</summary>
    public TaskRun? ActiveRun => Runs.Count > 0 && Runs[^1].IsActive ? Runs[^1] : null;

    /// <summary>
    /// True when nothing more will happen without a command: the phase is terminal, no attempt is open and no
    /// next attempt is scheduled. A slot is free once its owner is settled.
    /// </summary>
    public bool IsSettled => Resource is not null && Resource.Phase.IsTerminal() && ActiveRun is null && ScheduledRetry is null;

    /// <summary>Returns the state after <paramref name="event"/>; throws <see cref="ModelException"/> if the event cannot follow this state.</summary>
    public TaskState Apply(ITaskEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (@event is TaskCreated created)
        {
            return Resource is null
                ? this with { Resource = TaskResource.Create(created.Id, created.Spec, created.At), IsAdmitted = created.Admitted }
                : throw new ModelException($"task '{Resource.Id}' already exists; TaskCreated can only be the first event");
        }

        var resource = Resource ?? throw new ModelException($"{@event.GetType().Name} before TaskCreated: a task's first event must be TaskCreated");
        var next = @event switch
        {
            AttemptStarted started => ApplyStarted(resource, started),
            AttemptProcessStarted process => ApplyProcessStarted(process),
            AttemptFinished finished => ApplyFinished(resource, finished),
            RetryScheduled retry => ApplyRetry(resource, retry),
            TaskExhausted exhausted => ApplyExhausted(resource, exhausted),
            TaskCanceled canceled => ApplyCanceled(resource, canceled),
            TaskRerunRequested rerun => ApplyRerun(resource) with { IsAdmitted = rerun.Admitted },
            TaskAdmitted => ApplyAdmitted(resource),
            TaskDeleted => ApplyDeleted(resource),
            _ => throw new ModelException($"unknown task event {@event.GetType().Name}"),
        };
        return next with { Resource = next.Resource! with { Metadata = resource.Metadata.Bumped(@event.At) } };
    }

    /// <summary>Folds <paramref name="events"/> into <see cref="Empty"/>.</summary>
    public static TaskState Replay(IEnumerable<ITaskEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Aggregate(Empty, (state, e) => state.Apply(e));
    }

    private TaskState ApplyStarted(TaskResource resource, AttemptStarted started)
    {
        if (ActiveRun is { } open)
        {
            throw new ModelException($"attempt {started.Attempt} cannot start while attempt {open.Attempt} is still open");
        }

        if (started.Attempt != resource.Status.Attempt + 1)
        {
            throw new ModelException($"attempt numbers are consecutive: expected {resource.Status.Attempt + 1}, got {started.Attempt}");
        }

        if (IsDeleted || resource.Phase is TaskPhase.Canceled or TaskPhase.Exhausted)
        {
            throw new ModelException($"a {resource.Phase.ToWireName()} task cannot start an attempt without a rerun");
        }

        if (!IsAdmitted)
        {
            throw new ModelException("a task waiting in its slot's queue cannot start before it is admitted");
        }

        var run = new TaskRun(started.Attempt, TaskPhase.Running, started.At, Runner: started.Runner, Node: started.Node);
        var runs = AddRun(run);
        return this with
        {
            Resource = resource.TransitionStarting(),
            Runs = runs,
            RunStartVersions = AddStartVersion(runs.Count, resource.Metadata.ResourceVersion + 1),
            ScheduledRetry = null,
            ActiveProcess = null,
        };
    }

    private TaskState ApplyProcessStarted(AttemptProcessStarted process)
    {
        if (ActiveRun is not { } open || open.Attempt != process.Attempt)
        {
            // A late report for an attempt already closed: nothing is running under it any more.
            return this;
        }

        return this with { Runs = Runs.SetItem(Runs.Count - 1, open with { Pid = process.ProcessGroup }), ActiveProcess = process };
    }

    private TaskState ApplyFinished(TaskResource resource, AttemptFinished finished)
    {
        if (!finished.Outcome.IsAttemptOutcome())
        {
            throw new ModelException($"AttemptFinished requires an attempt outcome (succeeded, failed, timeout, canceled), got {finished.Outcome.ToWireName()}");
        }

        if (ActiveRun is not { } open || open.Attempt != finished.Attempt)
        {
            // A late or duplicate report for an attempt that is already closed: the record stands as it is.
            return this;
        }

        var closed = open with
        {
            Phase = finished.Outcome,
            FinishedAt = finished.At,
            ExitCode = finished.ExitCode,
            Error = finished.Error,
            Pid = finished.Pid,
            Signal = finished.Signal,
            StdoutTail = finished.StdoutTail,
            StderrTail = finished.StderrTail,
        };
        var runs = Runs.SetItem(Runs.Count - 1, closed);
        if (resource.Phase == TaskPhase.Canceled)
        {
            // The task was canceled while this attempt ran; the attempt's end only closes its record.
            return this with { Runs = runs, ActiveProcess = null };
        }

        // An interruption the task asked to retry is not the workload's failure: the streak (and maxRetries) ignore it.
        var notAFailure = finished.Interrupted && resource.Spec.OnInterruption == Policies.InterruptionPolicy.Retry;
        var streak = notAFailure ? FailureStreak
            : finished.Outcome.IsFailure() ? FailureStreak + 1
            : finished.Outcome == TaskPhase.Succeeded ? 0
            : FailureStreak;
        return this with
        {
            Resource = resource.TransitionFinished(finished.Outcome, finished.Error, finished.ExitCode),
            Runs = runs,
            FailureStreak = streak,
            ActiveProcess = null,
        };
    }

    private TaskState ApplyRetry(TaskResource resource, RetryScheduled retry)
    {
        if (IsDeleted || !resource.Phase.IsTerminal() || resource.Phase is TaskPhase.Canceled or TaskPhase.Exhausted || ActiveRun is not null)
        {
            throw new ModelException($"a retry can only be scheduled after an attempt finished, not while the task is {resource.Phase.ToWireName()}");
        }

        return this with { Resource = resource.WithNextAttemptAt(retry.DueAt), ScheduledRetry = retry };
    }

    private TaskState ApplyExhausted(TaskResource resource, TaskExhausted exhausted)
    {
        if (IsDeleted || !resource.Phase.IsFailure())
        {
            throw new ModelException($"only a failed or timed-out task can become exhausted, not a {resource.Phase.ToWireName()} one");
        }

        return this with
        {
            Resource = resource.TransitionFinished(TaskPhase.Exhausted, exhausted.Reason, resource.Status.ExitCode).WithNextAttemptAt(null),
            ScheduledRetry = null,
        };
    }

    private TaskState ApplyCanceled(TaskResource resource, TaskCanceled canceled)
    {
        if (IsSettled || resource.Phase == TaskPhase.Canceled)
        {
            throw new ModelException(resource.Phase == TaskPhase.Canceled ? $"task '{resource.Id}' is already canceled" : Commands.TaskDecider.CancelRefusal(resource));
        }

        return this with { Resource = resource.TransitionCanceled(canceled.Reason), ScheduledRetry = null };
    }

    private TaskState ApplyRerun(TaskResource resource)
    {
        if (IsDeleted)
        {
            throw new ModelException("a deleted task cannot be rerun");
        }

        if (!IsSettled)
        {
            throw new ModelException(Commands.TaskDecider.RerunRefusal(this));
        }

        return this with
        {
            Resource = resource with { Status = resource.Status with { Phase = TaskPhase.Pending, Error = null, ExitCode = null, NextAttemptAt = null } },
            FailureStreak = 0,
        };
    }

    private TaskState ApplyAdmitted(TaskResource resource)
    {
        if (IsAdmitted || resource.Phase != TaskPhase.Pending || IsDeleted)
        {
            throw new ModelException($"only a pending task waiting for its slot can be admitted; this one is {resource.Phase.ToWireName()}{(IsAdmitted ? " and already admitted" : string.Empty)}");
        }

        return this with { IsAdmitted = true };
    }

    private TaskState ApplyDeleted(TaskResource resource)
    {
        if (IsDeleted)
        {
            throw new ModelException("the task is already deleted");
        }


        var canceled = IsSettled || resource.Phase == TaskPhase.Canceled ? resource : resource.TransitionCanceled("deleted");
        return this with { Resource = canceled, ScheduledRetry = null, IsDeleted = true };
    }

    private ValueList<TaskRun> AddRun(TaskRun run)
    {
        var runs = Runs.Count >= MaxRunsKept ? ValueList<TaskRun>.From(Runs.Skip(Runs.Count - MaxRunsKept + 1)) : Runs;
        return runs.Add(run);
    }

    /// <summary>The start versions after a run starting at <paramref name="version"/> was added, at most one per run kept.</summary>
    private ValueList<long> AddStartVersion(int runsKept, long version)
    {
        var kept = RunStartVersions.Count + 1 > runsKept ? ValueList<long>.From(RunStartVersions.Skip(RunStartVersions.Count + 1 - runsKept)) : RunStartVersions;
        return kept.Add(version);
    }
}
