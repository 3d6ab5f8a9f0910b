using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using TaskActors.Model.Identity;
using TaskActors.Model.Slots;
using TaskActors.Tasks;
using static TaskActors.Slots.SlotProtocol;

namespace TaskActors.Slots;

/// <summary>
/// The one authority for one slot (persistence id <c>slot-{name}</c>): its owner and FIFO queue live in its journal.
/// Tasks claim it when submitted or rerun and release it when settled; it admits the next in line, and for a
/// replace cancels the owner and waits until that owner has really stopped. The rules are the model's
/// (<see cref="SlotDecider"/>); this actor persists what they decide, then answers and acts.
/// </summary>
/// <remarks>
/// <para>Crash safety: every decision is persisted before it is acted on or answered. After a restart the slot asks its
/// owner whether it is settled before serving any claim (a release lost in a crash is recovered; an owner that was
/// never created is dropped) and re-sends an admission that may have been lost; a queued task wakes its slot when it
/// is woken.</para>
/// <para>Behaviours: <c>Verifying</c> (after recovery, while the owner's answer is awaited; other messages wait) then
/// <c>Serving</c>.</para>
/// </remarks>
internal sealed class SlotActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    private const string VerifyTimer = "verify";
    private TimeSpan VerifyTimeout => _settings.SlotOwnerVerifyTimeout;
    private int SnapshotEvery => _settings.SlotSnapshotEvery;

    private readonly Slot _slot;
    private readonly ICanTell _tasks;
    private readonly TaskRuntimeSettings _settings;
    private readonly bool _sharded;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SlotState _state = SlotState.Empty;

    /// <summary>
    /// Created by the slot region for <paramref name="slot"/> on demand (<paramref name="sharded"/>: by a cluster shard,
    /// which it asks to passivate it; otherwise by the node's <see cref="SlotRegion"/>).
    /// </summary>
    public SlotActor(Slot slot, ICanTell tasks, TaskRuntimeSettings settings, bool sharded = false)
    {
        _slot = slot;
        _tasks = tasks;
        _settings = settings;
        _sharded = sharded;
        PersistenceId = Persistence.PersistenceIds.Slot(slot);
        Recover<SnapshotOffer>(offer => _state = _state.Apply((SlotSnapshot)offer.Snapshot));
        Recover<ISlotEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => VerifyOwnerBeforeServing());
        Serving();
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Set by Akka: the timer that bounds the owner check after a restart.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the slot <paramref name="slot"/>.</summary>
    public static Props Props(Slot slot, ICanTell tasks, TaskRuntimeSettings settings, bool sharded = false) =>
        Akka.Actor.Props.Create(() => new SlotActor(slot, tasks, settings, sharded));

    /// <summary>Shard → SlotActor (cluster mode): the stop message of its passivation and of a shard hand-off.</summary>
    internal sealed record Stop
    {
        /// <summary>The one instance.</summary>
        public static Stop Instance { get; } = new();
    }

    private sealed record VerifyTimedOut;

    private void Serving()
    {
        Command<Claim>(OnClaim);
        Command<Released>(released => Release(released.TaskId));
        Command<Waiting>(_ => VerifyOwner());
        Command<TaskProtocol.Settlement>(OnSettlement);
        Command<GetSlot>(_ => Sender.Tell(new SlotView(_slot, _state.Owner, _state.Queue)));
        Command<TaskProtocol.ITaskReply>(_ => { }); // answers to the cancels this slot sent
        Command<ReceiveTimeout>(_ =>
        {
            if (_state.IsIdle)
            {
                Context.Parent.Tell(_sharded ? new Akka.Cluster.Sharding.Passivate(Stop.Instance) : new SlotRegion.Passivate(_slot));
            }
        });
        Command<Stop>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(success => DeleteMessages(success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failure => _log.Warning("slot {0}: snapshot failed: {1}", _slot, failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    /// <summary>After a restart, until the owner says whether it is settled (or does not answer in time).</summary>
    private void Verifying(TaskId owner)
    {
        Command<TaskProtocol.Settlement>(settlement =>
        {
            if (settlement.Id != owner)
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
    }

    private void OnClaim(Claim claim)
    {
        var replyTo = Sender;
        switch (SlotDecider.Claim(_state, _slot, claim.TaskId, claim.Policy, _settings.SlotQueueCapacity))
        {
            case ClaimDecision.Granted granted:
                PersistThen(granted.Events, () =>
                {
                    replyTo.Tell(new ClaimGranted(claim.TaskId, granted.Admitted));
                    foreach (var cancel in granted.ToCancel)
                    {
                        Tell(cancel.TaskId, new TaskProtocol.Cancel(Reason: cancel.Reason));
                    }
                });
                break;
            case ClaimDecision.Refused refused:
                replyTo.Tell(new ClaimRejected(claim.TaskId, refused.Rejection));
                break;
        }
    }

    private void Release(TaskId id) => PersistThen(SlotDecider.Release(_state, id), AdmitNext);

    /// <summary>When the slot is free, the head of the queue becomes owner (persisted) and is told to start.</summary>
    private void AdmitNext()
    {
        var events = SlotDecider.AdmitNext(_state);
        PersistThen(events, () =>
        {
            foreach (var assigned in events.OfType<SlotOwnerAssigned>())
            {
                Tell(assigned.TaskId, TaskProtocol.Admit.Instance);
            }
        });
    }

    /// <summary>
    /// After a restart, asks the owner whether it is settled before serving any claim, so a release lost in a crash
    /// never makes a claim see a busy slot.
    /// </summary>
    private void VerifyOwnerBeforeServing()
    {
        if (_state.Owner is not { } owner)
        {
            VerifyOwner();
            return;
        }

        Tell(owner, TaskProtocol.GetSettlement.Instance);
        Timers.StartSingleTimer(VerifyTimer, new VerifyTimedOut(), VerifyTimeout);
        Become(() => Verifying(owner));
    }

    private void EndVerification()
    {
        Timers.Cancel(VerifyTimer);
        Become(Serving);
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
        if (_state.Owner != settlement.Id)
        {
            return;
        }

        if (!settlement.Exists || settlement.Settled)
        {
            Release(settlement.Id);
        }
        else if (!settlement.Admitted)
        {
            Tell(settlement.Id, TaskProtocol.Admit.Instance); // the admission may have been lost in a crash
        }
    }

    private void Tell(TaskId id, TaskProtocol.ITaskCommand command) => _tasks.Tell(new TaskProtocol.TaskEnvelope(id, command), Self);

    private void PersistThen(IReadOnlyList<ISlotEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            ArmPassivation();
            return;
        }

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
