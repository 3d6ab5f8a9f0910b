using Akka.Actor;
using Akka.Event;
using TaskActors.Attempts;
using TaskActors.Model.Attempts;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Runners;
using static TaskActors.Attempts.AttemptProtocol;

namespace TaskActors.Tasks;

/// <summary>Attempts: start (persist, then spawn the attempt actor and arm the timeout), end (persist the outcome and what follows), and the timers.</summary>
internal sealed partial class TaskActor
{
    private const string TimeoutTimer = "attempt-timeout";
    private const string NextAttemptTimer = "next-attempt";
    private const string NoRunnerTimer = "no-runner";
    private TimeSpan NoRunnerRecheck => _dependencies.Settings.NoRunnerRecheck;

    /// <summary>Timer message: attempt <paramref name="Attempt"/> reached its timeout.</summary>
    private sealed record AttemptTimeoutTick(int Attempt);

    /// <summary>Timer message: the scheduled next attempt is due (or a runner may have appeared).</summary>
    private sealed record NextAttemptTick;

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(cause =>
        {
            // An attempt actor that throws is stopped; its Terminated becomes a Failed attempt naming the exception.
            _attemptFailure = cause;
            return Directive.Stop;
        });

    /// <param name="startsNew">False while the node stops: due attempts wait for the next start.</param>
    private void HandleAttempts(bool startsNew)
    {
        Command<AttemptEnded>(ended => EndAttempt(ended.Attempt, ended.Result, ended.StoppedFor));
        Command<AttemptProcessLaunched>(launched =>
            PersistThen(TaskDecider.ProcessStarted(_state, launched.Attempt, launched.ProcessGroup, launched.StartTime, Now), () => { }));
        Command<AttemptTimeoutTick>(tick =>
        {
            if (_state.ActiveRun?.Attempt == tick.Attempt)
            {
                StopAttempt(AttemptStopReason.Timeout);
            }
        });
        Command<NextAttemptTick>(_ =>
        {
            if (startsNew)
            {
                StartAttempt();
            }
        });
        Command<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_attempt) && _state.ActiveRun is { } open)
            {
                var cause = _attemptFailure is { } e ? $"{e.GetType().Name}: {e.Message}" : "stopped without reporting";
                EndAttempt(open.Attempt, AttemptResult.Failure($"attempt actor died: {cause}"), stoppedFor: null);
            }
        });
    }

    /// <summary>
    /// Starts the next attempt if the model allows it, persisting <paramref name="prefix"/> (e.g. the TaskCreated of a
    /// new task) in the same atomic write as its AttemptStarted, so a new task costs one journal round trip to get going.
    /// <paramref name="afterPersist"/> runs once all are persisted, before the attempt actor is spawned. When no attempt
    /// can start (or no runner of this node matches yet), only <paramref name="prefix"/> is persisted.
    /// </summary>
    private void StartAttempt(IReadOnlyList<ITaskEvent> prefix, Action? afterPersist = null)
    {
        var after = After(prefix);
        var runner = _stage == Stage.Serving && TaskDecider.CanStartAttempt(after) ? _dependencies.Runners.Select(after.Resource!.Spec) : null;
        if (runner is null)
        {
            if (_stage == Stage.Serving && TaskDecider.CanStartAttempt(after))
            {
                // A runner may appear later (runner sets are per node): check again instead of failing the task.
                _log.Warning("task {0}: no runner on this node matches its workload and selector; waiting", _id);
                Timers.StartSingleTimer(NoRunnerTimer, new NextAttemptTick(), NoRunnerRecheck);
            }

            PersistThen(prefix, afterPersist ?? (() => { }));
            return;
        }

        var node = _dependencies.Settings.NodeName;
        var started = TaskDecider.StartAttempt(after, runner.Name, node, Now)!;
        PersistThen([.. prefix, started], () =>
        {
            afterPersist?.Invoke();
            SpawnAttempt(started.Attempt, runner);
        });
    }

    private void SpawnAttempt(int attempt, ITaskRunner runner)
    {
        _attemptFailure = null;
        var spec = _state.Resource!.Spec;
        var context = new AttemptContext(_id, attempt, spec.Workload, _dependencies.Settings.NodeName) { StopGracePeriod = spec.StopGracePeriod, Pulse = _dependencies.Pulse };
        _attempt = Context.ActorOf(AttemptActor.Props(context, runner), $"attempt-{attempt}");
        Context.Watch(_attempt);
        Timers.StartSingleTimer(TimeoutTimer, new AttemptTimeoutTick(attempt), spec.Timeout);
    }

    /// <summary>Stops the attempt actor, then persists the attempt's end and what follows it (retry, exhaustion) together.</summary>
    private void EndAttempt(int attempt, AttemptResult result, AttemptStopReason? stoppedFor)
    {
        var events = TaskDecider.AttemptEnded(_state, attempt, result, stoppedFor, Now, _random);
        if (events.Count == 0)
        {
            return; // a report for an attempt already closed
        }

        if (_attempt is not null)
        {
            Context.Unwatch(_attempt);
            Context.Stop(_attempt);
            _attempt = null;
        }

        Timers.Cancel(TimeoutTimer);
        PersistThen(events, () => { });
    }

    /// <summary>After every persisted change: arm the next attempt's timer, report to the region, answer waiters.</summary>
    private void AfterStateChanged()
    {
        if (_stage == Stage.Serving && _state.ScheduledRetry is { } retry && _state.ActiveRun is null)
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
