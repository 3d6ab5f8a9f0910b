using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Identity;
using TaskActors.Tasks;
using static TaskActors.Slots.SlotProtocol;

namespace TaskActors.Slots;

/// <summary>
/// The one authority for one slot (persistence id <c>slot-{name}</c>): its owner and FIFO queue live in its journal.
/// Tasks claim it when submitted or rerun and release it when settled; it admits the next in line, and for a
/// replace cancels the owner and waits until that owner has really stopped.
/// </summary>
/// <remarks>
/// Crash safety: every decision is persisted before it is acted on or answered. After a restart the slot asks its
/// owner whether it is settled (a release lost in a crash is recovered; an owner that was never created is
/// dropped) and re-sends an admission that may have been lost; a queued task wakes its slot when it is woken.
/// </remarks>
public sealed class SlotActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    private TimeSpan VerifyTimeout => _settings.SlotOwnerVerifyTimeout;
    private int SnapshotEvery => _settings.SlotSnapshotEvery;
    private readonly Slot _slot;
    private readonly ICanTell _tasks;
    private readonly TaskRuntimeSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SlotState _state = SlotState.Empty;

    /// <summary>Created by the slot region for <paramref name="slot"/> on demand.</summary>
    public SlotActor(Slot slot, ICanTell tasks, TaskRuntimeSettings settings)
    {
        _slot = slot;
        _tasks = tasks;
        _settings = settings;
        PersistenceId = "slot-" + slot.Value;
        Recover<SnapshotOffer>(offer => _state = _state.Apply((SlotSnapshot)offer.Snapshot));
        Recover<ISlotEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => VerifyOwnerBeforeServing());
        Command<Claim>(OnClaim);
        Command<Released>(released => Release(released.TaskId.Value));
        Command<Waiting>(_ => VerifyOwner());
        Command<TaskProtocol.Settlement>(OnSettlement);
        Command<GetSlot>(_ => Sender.Tell(new SlotView(_slot, _state.Owner is { } o ? new TaskId(o) : null, [.. _state.Queue.Select(q => new TaskId(q))])));
        Command<TaskProtocol.ITaskReply>(_ => { }); // answers to the cancels this slot sent
        Command<ReceiveTimeout>(_ =>
        {
            if (_state.IsIdle)
            {
                Context.Parent.Tell(new SlotRegion.Passivate(_slot));
            }
        });
        Command<SaveSnapshotSuccess>(success => DeleteMessages(success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failure => _log.Warning("slot {0}: snapshot failed: {1}", _slot, failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Set by Akka: the timer that bounds the owner check after a restart.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the slot <paramref name="slot"/>.</summary>
    public static Props Props(Slot slot, ICanTell tasks, TaskRuntimeSettings settings) =>
        Akka.Actor.Props.Create(() => new SlotActor(slot, tasks, settings));

    private void OnClaim(Claim claim)
    {
        var id = claim.TaskId.Value;
        var replyTo = Sender;
        switch (_state.Decide(_slot.Value, id, claim.Policy, _settings.SlotQueueCapacity))
        {
            case SlotDecision.AlreadyOwner:
                replyTo.Tell(new ClaimGranted(claim.TaskId, Admitted: true));
                break;
            case SlotDecision.AlreadyQueued:
                replyTo.Tell(new ClaimGranted(claim.TaskId, Admitted: false));
                break;
            case SlotDecision.Own:
                PersistThen([new SlotOwnerAssigned(id)], () => replyTo.Tell(new ClaimGranted(claim.TaskId, Admitted: true)));
                break;
            case SlotDecision.Enqueue:
                PersistThen([new SlotEnqueued(id, AtHead: false)], () => replyTo.Tell(new ClaimGranted(claim.TaskId, Admitted: false)));
                break;
            case SlotDecision.Replace replace:
                ISlotEvent[] events = replace.DisplacedHead is { } head ? [new SlotDequeued(head), new SlotEnqueued(id, AtHead: true)] : [new SlotEnqueued(id, AtHead: true)];
                PersistThen(events, () =>
                {
                    replyTo.Tell(new ClaimGranted(claim.TaskId, Admitted: false));
                    if (replace.DisplacedHead is { } displaced)
                    {
                        CancelTask(displaced, "SupersededByReplace");
                    }

                    if (replace.OwnerToCancel is { } owner)
                    {
                        CancelTask(owner, $"replaced by task '{id}'");
                    }
                });
                break;
            case SlotDecision.Reject reject:
                replyTo.Tell(new ClaimRejected(claim.TaskId, reject.Kind, reject.Message));
                break;
        }
    }

    private void Release(string id)
    {
        if (_state.Owner == id)
        {
            PersistThen([new SlotOwnerReleased(id)], AdmitNext);
        }
        else if (_state.Queue.Contains(id))
        {
            PersistThen([new SlotDequeued(id)], AdmitNext);
        }
    }

    /// <summary>When the slot is free, the head of the queue becomes owner (persisted) and is told to start.</summary>
    private void AdmitNext()
    {
        if (_state.Owner is not null || _state.Queue.Count == 0)
        {
            return;
        }

        var next = _state.Queue[0];
        PersistThen([new SlotOwnerAssigned(next)], () => Tell(next, TaskProtocol.Admit.Instance));
    }

    private sealed record VerifyTimedOut;

    /// <summary>
    /// After a restart, asks the owner whether it is settled before serving any claim, so a release lost in a crash
    /// never makes a claim see a busy slot. Other messages wait until the answer (or a timeout) arrives.
    /// </summary>
    private void VerifyOwnerBeforeServing()
    {
        if (_state.Owner is not { } owner)
        {
            VerifyOwner();
            return;
        }

        Tell(owner, TaskProtocol.GetSettlement.Instance);
        Timers.StartSingleTimer("verify", new VerifyTimedOut(), VerifyTimeout);
        BecomeStacked(() =>
        {
            Command<TaskProtocol.Settlement>(settlement =>
            {
                if (settlement.Id.Value != owner)
                {
                    return;
                }

                EndVerification();
                OnSettlement(settlement);
            });
            Command<VerifyTimedOut>(_ =>
            {
                _log.Warning("slot {0}: owner {1} did not answer within {2}; serving claims as if it were active", _slot, owner, VerifyTimeout);
                EndVerification();
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void EndVerification()
    {
        Timers.Cancel("verify");
        UnbecomeStacked();
        Stash.UnstashAll();
    }

    /// <summary>Asks the owner whether it is settled (after a restart, or when a queued task wakes the slot).</summary>
    private void VerifyOwner()
    {
        if (_state.Owner is { } owner)
        {
            Tell(owner, TaskProtocol.GetSettlement.Instance);
        }
        else
        {
            AdmitNext();
        }

        ArmPassivation();
    }

    private void OnSettlement(TaskProtocol.Settlement settlement)
    {
        if (_state.Owner != settlement.Id.Value)
        {
            return;
        }

        if (!settlement.Exists || settlement.Settled)
        {
            Release(settlement.Id.Value);
        }
        else if (!settlement.Admitted)
        {
            Tell(settlement.Id.Value, TaskProtocol.Admit.Instance); // the admission may have been lost in a crash
        }
    }

    private void CancelTask(string id, string reason) => Tell(id, new TaskProtocol.Cancel(Reason: reason));

    private void Tell(string id, TaskProtocol.ITaskCommand command) => _tasks.Tell(new TaskProtocol.TaskEnvelope(new TaskId(id), command), Self);

    private void PersistThen(IReadOnlyList<ISlotEvent> events, Action then)
    {
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining > 0)
            {
                return;
            }

            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(new SlotSnapshot(_state.Owner, _state.Queue));
            }

            then();
            ArmPassivation();
        });
    }

    private void ArmPassivation() => Context.SetReceiveTimeout(_state.IsIdle ? _settings.SlotPassivateAfter : null);
}
