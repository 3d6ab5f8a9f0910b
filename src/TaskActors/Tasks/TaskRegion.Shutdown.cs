
namespace TaskActors.Tasks;

/// <summary>Graceful shutdown: every TaskActor stops and records its running attempt; the region answers when all did or the grace ran out.</summary>
internal sealed partial class TaskRegion
{
    private readonly TaskShutdownRound _shutdown = new();

    /// <summary>Host → region (from CoordinatedShutdown): stop all attempts and record them; answered with <see cref="TasksStopped"/>.</summary>
    public sealed record StopTasks
    {
        /// <summary>The one instance.</summary>
        public static StopTasks Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="StopTasks"/>: how many tasks still had not confirmed when the grace ran out.</summary>
    public sealed record TasksStopped(int Unconfirmed);

    /// <summary>The grace timer of a <see cref="StopTasks"/> round.</summary>
    internal sealed class ShutdownGraceExpired
    {
        public static readonly ShutdownGraceExpired Instance = new();
    }

    private void HandleShutdown()
    {
        Command<StopTasks>(_ =>
        {
            Timers.StartSingleTimer("shutdown-grace", ShutdownGraceExpired.Instance, _dependencies.Settings.ShutdownGrace);
            _shutdown.Start(Sender, _children, Self);
        });
        Command<TaskActor.StoppedForShutdown>(stopped => OnShutdownChildStopped(stopped.Id.Value));
        Command<ShutdownGraceExpired>(_ => _shutdown.Expire(_log, _dependencies.Settings.ShutdownGrace));
    }

    private void OnShutdownChildStopped(string id)
    {
        if (_shutdown.Confirmed(id))
        {
            Timers.Cancel("shutdown-grace");
        }
    }
}
