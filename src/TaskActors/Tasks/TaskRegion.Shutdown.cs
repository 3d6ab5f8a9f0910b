using Akka.Event;
using Akka.Actor;

namespace TaskActors.Tasks;

/// <summary>Graceful shutdown: every TaskActor stops and records its running attempt; the region answers when all did or the grace ran out.</summary>
internal sealed partial class TaskRegion
{
    private readonly HashSet<string> _awaitingShutdown = new(StringComparer.Ordinal);
    private IActorRef? _shutdownRequester;
    private bool _shuttingDown;

    /// <summary>Host → region (from CoordinatedShutdown): stop all attempts and record them; answered with <see cref="TasksStopped"/>.</summary>
    public sealed record StopTasks
    {
        /// <summary>The one instance.</summary>
        public static StopTasks Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="StopTasks"/>: how many tasks still had not confirmed when the grace ran out.</summary>
    public sealed record TasksStopped(int Unconfirmed);

    private sealed class ShutdownGraceExpired
    {
        public static readonly ShutdownGraceExpired Instance = new();
    }

    private void HandleShutdown()
    {
        Command<StopTasks>(_ =>
        {
            _shuttingDown = true;
            _shutdownRequester = Sender;
            foreach (var (id, child) in _children)
            {
                _awaitingShutdown.Add(id);
                child.Tell(TaskActor.StopForShutdown.Instance);
            }

            Timers.StartSingleTimer("shutdown-grace", ShutdownGraceExpired.Instance, _dependencies.Settings.ShutdownGrace);
            CompleteShutdownIfDone();
        });
        Command<TaskActor.StoppedForShutdown>(stopped =>
        {
            _awaitingShutdown.Remove(stopped.Id.Value);
            CompleteShutdownIfDone();
        });
        Command<ShutdownGraceExpired>(_ =>
        {
            _log.Warning("task region: {0} task(s) did not stop within the shutdown grace of {1}", _awaitingShutdown.Count, _dependencies.Settings.ShutdownGrace);
            _shutdownRequester?.Tell(new TasksStopped(_awaitingShutdown.Count));
            _shutdownRequester = null;
        });
    }

    private void OnShutdownChildStopped(string id)
    {
        if (_awaitingShutdown.Remove(id))
        {
            CompleteShutdownIfDone();
        }
    }

    private void CompleteShutdownIfDone()
    {
        if (_shutdownRequester is not null && _awaitingShutdown.Count == 0)
        {
            Timers.Cancel("shutdown-grace");
            _shutdownRequester.Tell(new TasksStopped(0));
            _shutdownRequester = null;
        }
    }
}
