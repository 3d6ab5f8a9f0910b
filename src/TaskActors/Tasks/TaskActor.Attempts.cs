using Akka.Event;
using Akka.Actor;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Runners;
using TaskActors.Runs;
using static TaskActors.Runs.TaskRunProtocol;

namespace TaskActors.Tasks;

/// <summary>Attempts: start (persist, then spawn the TaskRun child and arm the timeout), end (persist the outcome and what follows), and the timers.</summary>
public sealed partial class TaskActor
{
    private const string TimeoutTimer = "attempt-timeout";
    private const string NextAttemptTimer = "next-attempt";
    private const string NoRunnerTimer = "no-runner";
    private TimeSpan NoRunnerRecheck => _dependencies.Settings.NoRunnerRecheck;
    private IActorRef? _run;
    private Exception? _lastRunFailure;

    /// <summary>Timer message: attempt <paramref name="Attempt"/> reached its timeout.</summary>
    private sealed record AttemptTimeoutTick(int Attempt);

    /// <summary>Timer message: the scheduled next attempt is due.</summary>
    private sealed record NextAttemptTick;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(cause =>
        {
            // A TaskRun that throws is stopped; its Terminated becomes a Failed attempt naming the exception.
            _lastRunFailure = cause;
            return Directive.Stop;
        });

    private void HandleAttempts()
    {
        Command<AttemptEnded>(OnAttemptEnded);
        Command<AttemptTimeoutTick>(tick =>
        {
            if (_run is not null && _state.ActiveRun?.Attempt == tick.Attempt)
            {
                _run.Tell(new StopAttempt(StopReason.Timeout));
            }
        });
        Command<NextAttemptTick>(_ =>
        {
            // Due: a scheduled retry or periodic run, or a pending task that waited for a matching runner.
            var due = _state.ScheduledRetry is not null || (_state.Resource?.Phase == TaskPhase.Pending && _state.IsAdmitted);
            if (due && _state.ActiveRun is null && !_shuttingDown)
            {
                StartAttempt();
            }
        });
        Command<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_run) && _state.ActiveRun is { } open)
            {
                var cause = _lastRunFailure is { } e ? $"{e.GetType().Name}: {e.Message}" : "stopped without reporting";
                EndAttempt(open.Attempt, AttemptResult.Failure($"attempt actor died: {cause}"), stoppedFor: null);
            }
        });
    }

    /// <summary>Starts the next attempt: persists AttemptStarted, then spawns its TaskRun and arms its timeout.</summary>
    private void StartAttempt() => StartAttempt(prefix: []);

    /// <summary>
    /// Starts the next attempt, persisting <paramref name="prefix"/> (e.g. the TaskCreated of a new task) in the same
    /// atomic write as its AttemptStarted, so a new task costs one journal round trip to get going.
    /// <paramref name="afterPersist"/> runs once all are persisted, before the child is spawned.
    /// </summary>
    private void StartAttempt(IReadOnlyList<ITaskEvent> prefix, Action? afterPersist = null)
    {
        var task = prefix.OfType<TaskCreated>().FirstOrDefault() is { } created
            ? TaskResource.Create(created.Id, created.Spec, created.At)
            : _state.Resource;
        var admitted = _state.IsAdmitted || prefix.Any(e => e is TaskAdmitted or TaskCreated { Admitted: true });
        if (task is null || _state.ActiveRun is not null || _shuttingDown || !admitted)
        {
            if (prefix.Count > 0)
            {
                PersistThen(prefix, afterPersist ?? (() => { }));
            }

            return;
        }

        var runner = _dependencies.Runners.Select(task.Spec);
        if (runner is null)
        {
            // A runner may appear later (runner sets are per node); check again instead of failing the task.
            _log.Warning("task {0}: no runner on this node matches its workload and selector; waiting", _id);
            Timers.StartSingleTimer(NoRunnerTimer, new NextAttemptTick(), NoRunnerRecheck);
            if (prefix.Count > 0)
            {
                PersistThen(prefix, afterPersist ?? (() => { }));
            }

            return;
        }

        var attempt = task.Status.Attempt + 1;
        var node = _dependencies.Settings.NodeName;
        PersistThen([.. prefix, new AttemptStarted(attempt, Now, runner.Name, node)], () =>
        {
            afterPersist?.Invoke();
            _lastRunFailure = null;
            var context = new AttemptContext(_id, attempt, task.Spec.Workload, node);
            _run = Context.ActorOf(TaskRunActor.Props(context, runner), $"attempt-{attempt}");
            Context.Watch(_run);
            Timers.StartSingleTimer(TimeoutTimer, new AttemptTimeoutTick(attempt), task.Spec.Timeout);
        });
    }

    private void OnAttemptEnded(AttemptEnded ended)
    {
        if (_state.ActiveRun?.Attempt != ended.Attempt)
        {
            return; // a report for an attempt already closed
        }

        EndAttempt(ended.Attempt, ended.Result, ended.StoppedFor);
    }

    /// <summary>Stops the child, then persists the attempt's end and what follows it (retry, exhaustion) together.</summary>
    private void EndAttempt(int attempt, AttemptResult result, StopReason? stoppedFor)
    {
        if (_run is not null)
        {
            Context.Unwatch(_run);
            Context.Stop(_run);
            _run = null;
        }

        Timers.Cancel(TimeoutTimer);
        var finished = ToFinished(attempt, result, stoppedFor);
        PersistThen(RestartDecider.EventsForFinishedAttempt(_state, finished, _random), () => { });
    }

    private AttemptFinished ToFinished(int attempt, AttemptResult result, StopReason? stoppedFor)
    {
        var (outcome, error) = result.Kind switch
        {
            AttemptResultKind.Succeeded => (TaskPhase.Succeeded, result.Error),
            AttemptResultKind.Failed => (TaskPhase.Failed, result.Error),
            _ => stoppedFor switch
            {
                StopReason.Timeout => (TaskPhase.Timeout, $"timed out after {_state.Resource!.Spec.TimeoutMs} ms" + Detail(result.Error)),
                StopReason.Shutdown => (TaskPhase.Failed, AttemptFinished.InterruptedError),
                _ => (TaskPhase.Canceled, result.Error ?? "canceled"),
            },
        };
        return new AttemptFinished(attempt, outcome, Now, result.ExitCode, error, result.Pid, result.Signal, result.StdoutTail, result.StderrTail);
    }

    private static string Detail(string? error) => string.IsNullOrEmpty(error) ? string.Empty : $" ({error})";

    /// <summary>After every persisted change: arm the next attempt's timer, or report a settled task to the region.</summary>
    private void AfterStateChanged()
    {
        if (_state.ScheduledRetry is { } retry && _state.ActiveRun is null)
        {
            var delay = retry.DueAt - Now;
            Timers.StartSingleTimer(NextAttemptTimer, new NextAttemptTick(), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        }
        else
        {
            Timers.Cancel(NextAttemptTimer);
        }

        ReportSettledIfSo();
        CompleteLifecycleWaits();
    }
}
