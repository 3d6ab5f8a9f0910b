using System.Globalization;
using TaskActors.Model.Attempts;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;

namespace TaskActors.Model.Commands;

/// <summary>
/// The pure rules of a task's commands and attempts: given the task's state (and the time, and the command's input),
/// which events to persist, or why not. The TaskActor routes a command here, persists what was decided, acts after
/// persisting (a reply, a child, a timer) and replies; it decides nothing itself. What follows a finished attempt is
/// <see cref="RestartDecider"/>'s rule.
/// </summary>
/// <remarks>
/// Rules, per command (each answer in the order checked):
/// <list type="bullet">
/// <item><b>Submit</b>: an existing id answers AlreadyExists (idempotent); a deleted or retired id is refused
/// IdRetired (ids are never reused); an invalid spec answers Invalid with every error; a spec no runner of the node
/// could ever run is refused (NoRunner, UnknownHandler); otherwise the slot is claimed, and the task is created
/// admitted (starts now) or waiting in the slot's queue.</item>
/// <item><b>Rerun</b>: no task answers NotFound; a stopping node refuses ShuttingDown; only a settled task (terminal,
/// no attempt open, nothing scheduled) can be rerun, else WrongPhase; otherwise the slot is claimed again.</item>
/// <item><b>Cancel</b>: no task answers NotFound; a stale expected resourceVersion answers Conflict; a canceled task
/// is answered as it is; a settled task is refused WrongPhase; otherwise <c>TaskCanceled</c>.</item>
/// <item><b>Delete</b>: no task answers NotFound; a delete under way is waited for; a stale expected resourceVersion
/// answers Conflict; otherwise <c>TaskDeleted</c>
/// (the history is removed once no attempt is open).</item>
/// <item><b>Admit</b> (the slot hands the task its ownership): a gone, deleted or settled task gives the slot back;
/// an admitted one ignores the repeat; a task waiting in the queue persists <c>TaskAdmitted</c> and starts.</item>
/// <item><b>An attempt starts</b> only when the task exists, is not deleted, has no attempt open, was admitted by its
/// slot, and is pending or has a next attempt scheduled; its number is the last attempt's + 1.</item>
/// <item><b>An attempt ends</b>: the runner's result becomes the attempt's outcome (stopped for a timeout: Timeout;
/// for a cancel: Canceled; for a shutdown: Failed, interrupted), followed by <see cref="RestartDecider"/>'s decision
/// (an interruption is retried at once unless the spec says <c>onInterruption: fail</c>).
/// A report for an attempt that is not the open one changes nothing.</item>
/// <item><b>An attempt's process was launched</b>: recorded (<c>AttemptProcessStarted</c>) when that attempt is the
/// open one; otherwise nothing.</item>
/// <item><b>An attempt found open at recovery</b> (its node stopped) ends Failed, interrupted (Canceled when the
/// task was canceled or deleted meanwhile), followed by the restart decision.</item>
/// </list>
/// </remarks>
public static class TaskDecider
{
    /// <summary>The reason recorded when a client cancels without giving one.</summary>
    public const string DefaultCancelReason = "canceled by client";

    /// <summary>Decides a submit of <paramref name="spec"/> as task <paramref name="id"/>.</summary>
    /// <param name="state">The task's state (empty when the id is new).</param>
    /// <param name="id">The task id.</param>
    /// <param name="spec">The spec to validate.</param>
    /// <param name="idRetired">True when the id's journal held events once and they were deleted.</param>
    /// <param name="runnerRefusal">Why no runner of this node could ever run <paramref name="spec"/>, or null.</param>
    /// <returns>AlreadyExists, Refused, Invalid, or ClaimSlot.</returns>
    public static CommandVerdict Submit(TaskState state, TaskId id, TaskSpec spec, bool idRetired, Rejection? runnerRefusal)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        if (state.IsDeleted || (idRetired && !state.Exists))
        {
            return new CommandVerdict.Refused(new Rejection(RejectionKind.IdRetired, $"the id '{id}' belonged to a deleted task; ids are never reused"));
        }

        if (state.Resource is { } existing)
        {
            return new CommandVerdict.AlreadyExists(existing);
        }

        var errors = TaskSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            return new CommandVerdict.Invalid(errors);
        }

        return runnerRefusal is { } refusal ? new CommandVerdict.Refused(refusal) : CommandVerdict.ClaimSlot.Instance;
    }

    /// <summary>The events of a submit whose slot claim was granted.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="spec">The validated spec.</param>
    /// <param name="admitted">True when the slot admitted the task at once; false when it waits in the queue.</param>
    /// <param name="now">The time.</param>
    /// <param name="traceParent">The submitter's W3C traceparent, kept so the task's spans link to it; or null.</param>
    /// <returns><c>TaskCreated</c>.</returns>
    public static IReadOnlyList<ITaskEvent> Created(TaskId id, TaskSpec spec, bool admitted, DateTimeOffset now, string? traceParent = null) =>
        [new TaskCreated(id, spec, now, admitted, traceParent)];

    /// <summary>Decides a rerun.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="nodeStopping">True while the node is stopping.</param>
    /// <returns>NotFound, Refused, or ClaimSlot.</returns>
    public static CommandVerdict Rerun(TaskState state, bool nodeStopping)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Resource is not { } task || state.IsDeleted)
        {
            return CommandVerdict.NotFound.Instance;
        }

        if (nodeStopping)
        {
            return new CommandVerdict.Refused(new Rejection(RejectionKind.ShuttingDown, $"the node is stopping; rerun '{task.Id}' once it is back"));
        }

        return state.IsSettled
            ? CommandVerdict.ClaimSlot.Instance
            : new CommandVerdict.Refused(new Rejection(RejectionKind.WrongPhase, RerunRefusal(state)));
    }

    /// <summary>The events of a rerun whose slot claim was granted.</summary>
    /// <param name="admitted">True when the slot admitted the rerun at once.</param>
    /// <param name="now">The time.</param>
    /// <returns><c>TaskRerunRequested</c>.</returns>
    public static IReadOnlyList<ITaskEvent> RerunGranted(bool admitted, DateTimeOffset now) => [new TaskRerunRequested(now, admitted)];

    /// <summary>Decides a cancel.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="expectedResourceVersion">The version the caller last saw, or null to cancel regardless.</param>
    /// <param name="reason">The reason to record, or null for <see cref="DefaultCancelReason"/>.</param>
    /// <param name="now">The time.</param>
    /// <returns>NotFound, Conflict, Unchanged, Refused, or Persist(<c>TaskCanceled</c>).</returns>
    public static CommandVerdict Cancel(TaskState state, long? expectedResourceVersion, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Resource is not { } task || state.IsDeleted)
        {
            return CommandVerdict.NotFound.Instance;
        }

        if (expectedResourceVersion is { } expected && expected != state.Version)
        {
            return StaleVersion(task, expected, state.Version);
        }

        if (task.Phase == TaskPhase.Canceled)
        {
            return new CommandVerdict.Unchanged(task);
        }

        return state.IsSettled
            ? new CommandVerdict.Refused(new Rejection(RejectionKind.WrongPhase, CancelRefusal(task)))
            : new CommandVerdict.Persist([new TaskCanceled(reason ?? DefaultCancelReason, now)]);
    }

    /// <summary>Decides a delete.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="expectedResourceVersion">The version the caller last saw, or null to delete regardless.</param>
    /// <param name="now">The time.</param>
    /// <returns>NotFound, Conflict, Unchanged (a delete is under way: wait for it), or Persist(<c>TaskDeleted</c>).</returns>
    public static CommandVerdict Delete(TaskState state, long? expectedResourceVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Resource is not { } task)
        {
            return CommandVerdict.NotFound.Instance;
        }

        if (state.IsDeleted)
        {
            return new CommandVerdict.Unchanged(task);
        }

        return expectedResourceVersion is { } expected && expected != state.Version
            ? StaleVersion(task, expected, state.Version)
            : new CommandVerdict.Persist([new TaskDeleted(now)]);
    }

    /// <summary>Decides what the task does when its slot admits it.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="now">The time.</param>
    /// <returns>Start (persist <c>TaskAdmitted</c>), AlreadyAdmitted, or GiveBack.</returns>
    public static AdmitVerdict Admit(TaskState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists || state.IsDeleted || (state.IsSettled && state.IsAdmitted))
        {
            return AdmitVerdict.GiveBack.Instance;
        }

        return state.IsAdmitted || state.Resource!.Phase != TaskPhase.Pending
            ? AdmitVerdict.AlreadyAdmitted.Instance
            : new AdmitVerdict.Start([new TaskAdmitted(now)]);
    }

    /// <summary>True when the task may start its next attempt now (see the rules on <see cref="TaskDecider"/>).</summary>
    /// <param name="state">The task's state.</param>
    /// <returns>Whether an attempt may start.</returns>
    public static bool CanStartAttempt(TaskState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Resource is { } task && !state.IsDeleted && state.ActiveRun is null && state.IsAdmitted &&
               (task.Phase == TaskPhase.Pending || state.ScheduledRetry is not null);
    }

    /// <summary>The event that starts the next attempt, or null when <see cref="CanStartAttempt"/> says no.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="runner">The runner chosen for the attempt.</param>
    /// <param name="node">The node it runs on.</param>
    /// <param name="now">The time.</param>
    /// <returns><c>AttemptStarted</c> with the next attempt number, or null.</returns>
    public static AttemptStarted? StartAttempt(TaskState state, string runner, string node, DateTimeOffset now) =>
        CanStartAttempt(state) ? new AttemptStarted(state.Resource!.Status.Attempt + 1, now, runner, node) : null;

    /// <summary>
    /// The events that record the end of attempt <paramref name="attempt"/> as its runner reported it, and what
    /// follows (retry, exhaustion); empty when that attempt is not the open one (a late report).
    /// </summary>
    /// <param name="state">The task's state.</param>
    /// <param name="attempt">The attempt that ended.</param>
    /// <param name="result">The runner's report.</param>
    /// <param name="stoppedFor">Why the attempt was stopped, when it was.</param>
    /// <param name="now">The time.</param>
    /// <param name="random">The source of backoff jitter.</param>
    /// <returns><c>AttemptFinished</c>, then <c>RetryScheduled</c> or <c>TaskExhausted</c> when the restart rule says so.</returns>
    public static IReadOnlyList<ITaskEvent> AttemptEnded(TaskState state, int attempt, AttemptResult result, AttemptStopReason? stoppedFor, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(result);
        if (state.ActiveRun?.Attempt != attempt)
        {
            return [];
        }

        var (outcome, error) = result.Kind switch
        {
            AttemptResultKind.Succeeded => (TaskPhase.Succeeded, result.Error),
            AttemptResultKind.Failed => (TaskPhase.Failed, result.Error),
            _ => stoppedFor switch
            {
                AttemptStopReason.Timeout => (TaskPhase.Timeout,
                    string.Create(CultureInfo.InvariantCulture, $"timed out after {state.Resource!.Spec.TimeoutMs} ms") + Detail(result.Error)),
                AttemptStopReason.Shutdown => (TaskPhase.Failed, AttemptFinished.InterruptedError),
                _ => (TaskPhase.Canceled, result.Error ?? "canceled"),
            },
        };
        var interrupted = result.Kind == AttemptResultKind.Canceled && stoppedFor == AttemptStopReason.Shutdown;
        var finished = new AttemptFinished(attempt, outcome, now, result.ExitCode, error, result.Pid, result.Signal, result.StdoutTail, result.StderrTail)
        {
            Interrupted = interrupted,
        };
        return RestartDecider.EventsForFinishedAttempt(state, finished, random);
    }

    /// <summary>
    /// The events that close an attempt found open when the task recovered (its node stopped during it), and what
    /// follows; empty when no attempt is open.
    /// </summary>
    /// <param name="state">The recovered state.</param>
    /// <param name="now">The time.</param>
    /// <param name="random">The source of backoff jitter.</param>
    /// <returns><c>AttemptFinished</c> (interrupted), then the restart decision's event, if any.</returns>
    public static IReadOnlyList<ITaskEvent> Interrupted(TaskState state, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ActiveRun is not { } open)
        {
            return [];
        }

        var canceled = state.IsDeleted || state.Resource!.Phase == TaskPhase.Canceled;
        var finished = new AttemptFinished(open.Attempt, canceled ? TaskPhase.Canceled : TaskPhase.Failed, now, Error: AttemptFinished.InterruptedError, Pid: open.Pid)
        {
            Interrupted = !canceled,
        };
        return RestartDecider.EventsForFinishedAttempt(state, finished, random);
    }

    /// <summary>The event that records the launch of attempt <paramref name="attempt"/>'s process group; empty when that attempt is not the open one.</summary>
    /// <param name="state">The task's state.</param>
    /// <param name="attempt">The attempt whose process was launched.</param>
    /// <param name="processGroup">The process group id.</param>
    /// <param name="startTime">The group leader's start time (clock ticks since boot).</param>
    /// <param name="now">The time.</param>
    /// <returns><c>AttemptProcessStarted</c>, or nothing.</returns>
    public static IReadOnlyList<ITaskEvent> ProcessStarted(TaskState state, int attempt, int processGroup, long startTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ActiveRun?.Attempt == attempt && !state.IsDeleted
            ? [new AttemptProcessStarted(attempt, processGroup, startTime, now)]
            : [];
    }

    /// <summary>Why a task that is not settled cannot be rerun (also the text of the model's own check).</summary>
    internal static string RerunRefusal(TaskState state) =>
        $"only a settled task (finished, nothing scheduled) can be rerun; '{state.Resource!.Id}' is {state.Resource.Phase.ToWireName()}" +
        (state.ScheduledRetry is null ? string.Empty : " with a next attempt scheduled");

    /// <summary>Why a settled task cannot be canceled (also the text of the model's own check).</summary>
    internal static string CancelRefusal(TaskResource task) =>
        $"task '{task.Id}' already finished ({task.Phase.ToWireName()}); nothing to cancel";

    private static CommandVerdict.Conflict StaleVersion(TaskResource task, long expected, long actual) =>
        new(expected, actual, string.Create(CultureInfo.InvariantCulture, $"task '{task.Id}' is at resourceVersion {actual}, not {expected}; get it again and retry"));

    private static string Detail(string? error) => string.IsNullOrEmpty(error) ? string.Empty : $" ({error})";
}
