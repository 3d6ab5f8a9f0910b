using Akka.Actor;
using Akka.Event;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tasks;

/// <summary>
/// Damage stays local: a history that cannot be read to its end (an unreadable payload, a sequence gap, an event the
/// state rejects) makes this task alone damaged. Recovery never fails for it (a failed recovery would stop the actor
/// and the region would restart it in a loop while every Ask for it timed out): the events after the damage are
/// skipped, and the task answers at once — get with its readable state flagged (<see cref="TaskResourceStatus.Damage"/>),
/// changes with <see cref="RejectionKind.Damaged"/>, delete by persisting <c>TaskDeleted</c> and removing the history — and reports itself settled, so
/// its slot and the region let go of it.
/// </summary>
internal sealed partial class TaskActor
{
    private TaskDamage? _damage;

    private void OnRecoveredEvent(ITaskEvent e)
    {
        if (_damage is not null)
        {
            return;   // nothing after the damage can be trusted to follow it
        }

        // Invariant 6: resourceVersion = sequence number, so the next event must be the next number.
        var expected = (_state.Resource?.Metadata.ResourceVersion ?? 0) + 1;
        if (LastSequenceNr != expected)
        {
            _damage = new TaskDamage(PersistenceId, expected, $"sequence gap: event {expected} is missing (the journal continues at {LastSequenceNr})");
            return;
        }

        try
        {
            _state = _state.Apply(e);
        }
        catch (Model.Common.ModelException problem)
        {
            _damage = new TaskDamage(PersistenceId, LastSequenceNr, $"{e.GetType().Name} cannot follow the events before it: {problem.Message}");
        }
    }

    private void OnUnreadableEvent(Serialization.UnreadableEvent e) =>
        _damage ??= new TaskDamage(PersistenceId, LastSequenceNr, $"the stored event (manifest '{e.Manifest}') cannot be read: {e.Reason}");

    private void EnterDamaged()
    {
        _log.Error("task {0}: its history is damaged at {1}; it refuses every change until deleted, and every other task runs", _id, _damage);
        MoveTo(Stage.Damaged);
        _settledReported = true;
        ReleaseSlot();
        TellHomeSettled();
    }

    /// <summary>The history is damaged: answers at once, changes nothing but a delete.</summary>
    private void Damaged()
    {
        Command<Get>(_ => Sender.Tell(_state.Resource is { } task ? new Found(task.WithDamage(_damage!)) : new DamagedHistory(_id, _damage!)));
        Command<GetRuns>(_ => Sender.Tell(_state.Exists ? new RunList(_id, _state.Runs) : new DamagedHistory(_id, _damage!)));
        Command<GetSettlement>(_ => Sender.Tell(new Settlement(_id, _state.Exists, Settled: true, Admitted: true)));
        Command<Submit>(_ => RefuseDamaged());
        Command<Rerun>(_ => RefuseDamaged());
        Command<Cancel>(_ => RefuseDamaged());
        Command<Delete>(_ =>
        {
            // TaskDeleted first (readers of the journal, the index of any node, learn of the deletion from it; the id is
            // retired), then the unreadable history is removed.
            _deleteWaiters.Add(Sender);
            Persist(new TaskDeleted(Now), _ => PurgeHistory());
        });
        Command<Admit>(_ => ReleaseSlot());
        Command<StopForShutdown>(_ => Sender.Tell(new StoppedForShutdown(_id)));
        Command<HandOff>(_ => Context.Stop(Self));
        HandleSnapshots();
        CommandAny(_ => { });
    }

    private void RefuseDamaged()
    {
        Sender.Tell(new Rejected(RejectionKind.Damaged, $"task '{_id}' cannot change: its stored history is damaged at {_damage}; delete it to remove the history"));
        // A submit or rerun made the region remember it as active: it is not.
        TellHomeSettled();
    }
}
