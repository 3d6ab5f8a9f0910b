using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using TaskActors.Client;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Persistence;
using TaskActors.Queries;
using TaskActors.Tasks;

namespace TaskActors.Telemetry;

/// <summary>
/// Turns the node's <see cref="TaskChanged"/> stream into TaskActors' metrics and attempt spans
/// (<see cref="TaskActorsTelemetry"/>), and keeps the <c>taskactors.tasks</c> gauge's counts fresh from the index. One
/// per node, started by the node; it only observes, so it can never slow a task down.
/// </summary>
/// <remarks>
/// An attempt span is emitted when the attempt ends, with the attempt's start time, so a span exists only for attempts
/// that ended. When the observer did not see the attempt start (the node restarted in between) it reads the task's
/// journal once to find the start and the submitter's trace context.
/// </remarks>
internal sealed class TelemetryObserver : ReceiveActor, IWithTimers
{
    /// <summary>How often the phase counts are read from the index.</summary>
    public static readonly TimeSpan PhaseRefreshInterval = TimeSpan.FromSeconds(2);

    private readonly string _node;
    private readonly IActorRef _index;
    private readonly TimeSpan _timeout;
    private readonly PhaseCounts _phaseCounts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<TaskId, string?> _traceParents = [];
    private readonly Dictionary<(TaskId, int), (DateTimeOffset At, string? Runner)> _started = [];
    private readonly Dictionary<TaskId, DateTimeOffset> _waitingSince = [];
    private readonly KeyValuePair<string, object?> _nodeTag;
    private bool _refreshing;

    public TelemetryObserver(string node, IActorRef index, TimeSpan timeout)
    {
        _node = node;
        _index = index;
        _timeout = timeout;
        _phaseCounts = new PhaseCounts(node);
        _nodeTag = new KeyValuePair<string, object?>(TaskActorsTelemetry.NodeTag, node);
        Receive<TaskChanged>(OnChanged);
        Receive<LookedUp>(OnLookedUp);
        Receive<RefreshPhases>(_ => RefreshPhaseCounts());
        Receive<long[]>(counts =>
        {
            _refreshing = false;
            _phaseCounts.Set(counts);
        });
        Receive<Status.Failure>(failure =>
        {
            _refreshing = false;
            _log.Debug("telemetry: {0}", failure.Cause.Message);
        });
    }

    /// <summary>Set by Akka.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string node, IActorRef index, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new TelemetryObserver(node, index, timeout));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TaskChanged));
        TaskActorsTelemetry.AddPhaseSource(this, _phaseCounts);
        Timers.StartPeriodicTimer(nameof(RefreshPhases), RefreshPhases.Instance, TimeSpan.Zero, PhaseRefreshInterval);
    }

    protected override void PostStop()
    {
        TaskActorsTelemetry.RemovePhaseSource(this);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void OnChanged(TaskChanged changed)
    {
        var id = changed.Task.Id;
        switch (changed.Event)
        {
            case TaskCreated created:
                _traceParents[id] = created.TraceParent;
                _waitingSince[id] = created.At;
                break;
            case TaskRerunRequested rerun:
                _waitingSince[id] = rerun.At;
                break;
            case AttemptStarted started:
                _started[(id, started.Attempt)] = (started.At, started.Runner);
                TaskActorsTelemetry.AttemptsStarted.Add(1, _nodeTag, new("taskactors.runner", started.Runner));
                if (_waitingSince.Remove(id, out var since))
                {
                    TaskActorsTelemetry.QueueWait.Record(Seconds(started.At - since), _nodeTag, new("taskactors.slot", changed.Task.Spec.Slot.Value));
                }

                break;
            case AttemptFinished finished:
                TaskActorsTelemetry.AttemptsEnded.Add(1, _nodeTag, Outcome(finished));
                if (_started.Remove((id, finished.Attempt), out var start) && _traceParents.TryGetValue(id, out var traceParent))
                {
                    Emit(changed.Task, finished, start.At, start.Runner, traceParent);
                }
                else
                {
                    // Started before this observer existed (a restart): find the start and the trace context in the journal.
                    LookUp(changed.Task, finished);
                }

                break;
            case RetryScheduled retry:
                TaskActorsTelemetry.RetriesScheduled.Add(1, _nodeTag, new("taskactors.reason", retry.Reason switch
                {
                    RetryReason.Failure => "failure",
                    RetryReason.Periodic => "periodic",
                    _ => "interruption",
                }));
                break;
        }

        if (changed.Task.IsSettled || changed.Event is TaskDeleted)
        {
            _traceParents.Remove(id);
            _waitingSince.Remove(id);
        }
    }

    private void LookUp(TaskResource task, AttemptFinished finished)
    {
        TaskEventsQuery.ReadAsync(Context.System, task.Id, _timeout, CancellationToken.None)
            .PipeTo(Self, success: events => new LookedUp(task, finished, events ?? []));
    }

    private void OnLookedUp(LookedUp lookedUp)
    {
        var events = lookedUp.Events.Select(e => e.Event).ToList();
        var traceParent = events.OfType<TaskCreated>().FirstOrDefault()?.TraceParent;
        var start = events.OfType<AttemptStarted>().FirstOrDefault(s => s.Attempt == lookedUp.Finished.Attempt);
        if (start is not null)
        {
            Emit(lookedUp.Task, lookedUp.Finished, start.At, start.Runner, traceParent);
        }
    }

    private void Emit(TaskResource task, AttemptFinished finished, DateTimeOffset startedAt, string? runner, string? traceParent)
    {
        TaskActorsTelemetry.AttemptDuration.Record(Seconds(finished.At - startedAt), _nodeTag, Outcome(finished));
        if (!TaskActorsTelemetry.Source.HasListeners())
        {
            return;
        }

        ActivityLink[] links = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var submitter) ? [new ActivityLink(submitter)] : [];
        using var activity = TaskActorsTelemetry.Source.StartActivity(
            ActivityKind.Consumer, parentContext: default, tags: null, links: links, startTime: startedAt, name: "taskactors.attempt");
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TaskActorsTelemetry.NodeTag, _node);
        activity.SetTag("taskactors.task.id", task.Id.Value);
        activity.SetTag("taskactors.slot", task.Spec.Slot.Value);
        activity.SetTag("taskactors.attempt", finished.Attempt);
        activity.SetTag("taskactors.runner", runner);
        activity.SetTag("taskactors.outcome", finished.Outcome.ToWireName());
        if (finished.ExitCode is { } exitCode)
        {
            activity.SetTag("process.exit.code", exitCode);
        }

        if (finished.Outcome != TaskPhase.Succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error, finished.Error);
        }

        activity.SetEndTime(finished.At.UtcDateTime);
    }

    private void RefreshPhaseCounts()
    {
        if (_refreshing)
        {
            return; // the index is still answering the last refresh (e.g. while it rebuilds)
        }

        _refreshing = true;
        var index = _index;
        var timeout = _timeout;
        CountAsync(index, timeout).PipeTo(Self);
    }

    private static async Task<long[]> CountAsync(IActorRef index, TimeSpan timeout)
    {
        var counts = new long[TaskPhaseExtensions.All.Count];
        foreach (var phase in TaskPhaseExtensions.All)
        {
            // A phase-only query is answered from the index's phase set: its total costs nothing.
            var reply = await TaskIndexClient.ListAsync(index, TaskQuery.All.WithPhases(phase).WithLimit(1), timeout, CancellationToken.None).ConfigureAwait(false);
            counts[(int)phase] = reply is QueryProtocol.TaskListed listed ? listed.Page.Total : 0;
        }

        return counts;
    }

    private static KeyValuePair<string, object?> Outcome(AttemptFinished finished) => new("taskactors.outcome", finished.Outcome.ToWireName());

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);

    private sealed record LookedUp(TaskResource Task, AttemptFinished Finished, IReadOnlyList<JournalEntry> Events);

    private sealed record RefreshPhases
    {
        public static RefreshPhases Instance { get; } = new();
    }
}
