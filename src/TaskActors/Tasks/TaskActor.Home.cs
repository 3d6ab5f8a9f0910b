using Akka.Actor;

namespace TaskActors.Tasks;

/// <summary>
/// What a TaskActor tells whoever hosts it: on a single node its parent, the <see cref="TaskRegion"/> (which remembers
/// the active ids in its journal); in a cluster its shard (Akka.Cluster.Sharding with remember-entities, which remembers
/// every started entity until it passivates, and hands it off with <see cref="HandOff"/>).
/// </summary>
internal sealed partial class TaskActor
{
    /// <summary>
    /// Shard → TaskActor (cluster mode; the hand-off stop message of the task shard region, and the stop message of its
    /// passivation): stop. A running attempt is stopped and recorded as interrupted first (its task continues on its
    /// next home), so an attempt never outlives the entity that started it.
    /// </summary>
    internal sealed record HandOff
    {
        /// <summary>The one instance.</summary>
        public static HandOff Instance { get; } = new();
    }

    private bool Sharded => _dependencies.Registry is not null;

    /// <summary>This task is settled (or never existed): the single-node region forgets it; a shard forgets it at passivation.</summary>
    private void TellHomeSettled()
    {
        if (!Sharded)
        {
            Context.Parent.Tell(new TaskRegion.Settled(_id));
        }
    }

    /// <summary>This task is active again: the single-node region remembers it; a shard remembers every live entity anyway.</summary>
    private void TellHomeActive()
    {
        if (!Sharded)
        {
            Context.Parent.Tell(new TaskRegion.Active(_id));
        }
    }

    /// <summary>Settled and idle: ask to be stopped; messages that arrive meanwhile wait for the next incarnation.</summary>
    private void AskHomeToPassivate() =>
        Context.Parent.Tell(Sharded ? new Akka.Cluster.Sharding.Passivate(HandOff.Instance) : new TaskRegion.Passivate(_id));

    /// <summary>The history is purged: the home holds this task's next messages, and this incarnation ends.</summary>
    private void TellHomeRemovedAndStop()
    {
        if (Sharded)
        {
            // A sharded entity that stops by itself is restarted (remember-entities): passivate, and stop on the HandOff.
            Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(HandOff.Instance));
            return;
        }

        Context.Parent.Tell(new TaskRegion.Removed(_id));
        Context.Stop(Self);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        // In a cluster the node's registry knows its local tasks, to stop their attempts when the node stops or is downed.
        _dependencies.Registry?.Tell(new Cluster.LocalTaskRegistry.Register(_id), Self);
    }

    private void OnHandOff()
    {
        _handOffRequested = true;
        if (_attempt is null)
        {
            Context.Stop(Self);
            return;
        }

        if (_stage == Stage.Serving)
        {
            Timers.Cancel(NextAttemptTimer);
            Timers.Cancel(NoRunnerTimer);
            MoveTo(Stage.ShuttingDown);
        }

        StopAttempt(Model.Attempts.AttemptStopReason.Shutdown);
    }
}
