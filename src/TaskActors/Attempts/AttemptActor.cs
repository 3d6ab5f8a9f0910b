using Akka.Actor;
using Akka.Event;
using TaskActors.Model.Attempts;
using TaskActors.Runners;
using static TaskActors.Attempts.AttemptProtocol;

namespace TaskActors.Attempts;

/// <summary>
/// One attempt of a task: a plain (non-persistent) child of its TaskActor, named <c>attempt-{n}</c>. It runs the
/// workload through its runner and reports <see cref="AttemptEnded"/> to the parent exactly once; the parent
/// persists the outcome and then stops it.
/// </summary>
/// <remarks>
/// Rules: never persists (invariant 3); the runner's task result is piped back to itself, never handled on a
/// thread-pool continuation; when stopped for any reason its cancellation token fires, so the runner kills the
/// process tree even if the parent stops this actor without asking first.
/// </remarks>
internal sealed class AttemptActor : ReceiveActor
{
    private readonly AttemptContext _context;
    private readonly ITaskRunner _runner;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AttemptStopReason? _stoppedFor;
    private bool _reported;

    /// <summary>Created by the TaskActor right after it persisted <c>AttemptStarted</c>.</summary>
    public AttemptActor(AttemptContext context, ITaskRunner runner)
    {
        _context = context;
        _runner = runner;
        Receive<StopAttempt>(stop =>
        {
            _stoppedFor ??= stop.Reason;
            _cancellation.Cancel();
        });
        Receive<ProcessLaunched>(launched => Context.Parent.Tell(new AttemptProcessLaunched(_context.Attempt, launched.ProcessGroup, launched.StartTime)));
        Receive<AttemptResult>(Report);
        Receive<Status.Failure>(failure => Report(AttemptResult.Failure($"runner '{_runner.Name}' failed: {failure.Cause.GetType().Name}: {failure.Cause.Message}")));
    }

    /// <summary>Props for attempt <paramref name="context"/> on <paramref name="runner"/>.</summary>
    public static Props Props(AttemptContext context, ITaskRunner runner) =>
        Akka.Actor.Props.Create(() => new AttemptActor(context, runner));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var token = _cancellation.Token;
        var runner = _runner;
        var self = Self;
        var context = _context with { ProcessStarted = (group, startTime) => self.Tell(new ProcessLaunched(group, startTime)) };
        Task.Run(() => runner.RunAsync(context, token), CancellationToken.None).PipeTo(Self);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        // Stopped without a report (parent stopping, shutdown): make sure the work stops too.
        if (!_reported)
        {
            _log.Warning("attempt {0} of task {1} stopped before it reported; canceling its work", _context.Attempt, _context.TaskId);
        }

        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    /// <summary>Runner thread → this actor: the attempt's process group was launched.</summary>
    private sealed record ProcessLaunched(int ProcessGroup, long StartTime);

    private void Report(AttemptResult result)
    {
        if (_reported)
        {
            return;
        }

        _reported = true;
        Context.Parent.Tell(new AttemptEnded(_context.Attempt, result, _stoppedFor));
    }
}
