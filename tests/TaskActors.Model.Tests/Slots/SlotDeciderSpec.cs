using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Slots;

namespace TaskActors.Model.Tests.Slots;

/// <summary>Each rule of <see cref="SlotDecider"/>, one example per answer.</summary>
public sealed class SlotDeciderSpec
{
    private static readonly Slot Slot = new("reports");
    private static readonly TaskId A = new("a");
    private static readonly TaskId B = new("b");
    private static readonly TaskId C = new("c");

    private static SlotState Owned(TaskId owner, params TaskId[] queue) => new(owner, ValueList<TaskId>.From(queue));

    [Fact]
    public void A_claim_on_an_idle_slot_makes_the_claimant_the_owner_whatever_its_policy()
    {
        foreach (var policy in Enum.GetValues<AdmissionPolicy>())
        {
            var granted = Assert.IsType<ClaimDecision.Granted>(SlotDecider.Claim(SlotState.Empty, Slot, A, policy, 10));

            Assert.Equal([new SlotOwnerAssigned(A)], granted.Events);
            Assert.True(granted.Admitted);
        }
    }

    [Fact]
    public void Drop_if_running_refuses_a_busy_slot_naming_its_owner()
    {
        var refused = Assert.IsType<ClaimDecision.Refused>(SlotDecider.Claim(Owned(A), Slot, B, AdmissionPolicy.DropIfRunning, 10));

        Assert.Equal(new Rejection(RejectionKind.SlotBusy, "slot 'reports' is busy: owned by task 'a' (admission dropIfRunning)"), refused.Rejection);
    }

    [Fact]
    public void Queue_appends_to_the_line_until_the_capacity_and_names_the_limit_beyond_it()
    {
        var queued = Assert.IsType<ClaimDecision.Granted>(SlotDecider.Claim(Owned(A, B), Slot, C, AdmissionPolicy.Queue, 2));
        var full = Assert.IsType<ClaimDecision.Refused>(SlotDecider.Claim(Owned(A, B, C), Slot, new TaskId("d"), AdmissionPolicy.Queue, 2));

        Assert.Equal([new SlotEnqueued(C, AtHead: false)], queued.Events);
        Assert.False(queued.Admitted);
        Assert.Equal(RejectionKind.QueueFull, full.Rejection.Kind);
        Assert.Contains("its queue is full (2/2; the limit is task-actors.runtime.slot-queue-capacity)", full.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_jumps_the_line_and_cancels_the_owner_and_the_head_it_displaces()
    {
        var granted = Assert.IsType<ClaimDecision.Granted>(SlotDecider.Claim(Owned(A, B), Slot, C, AdmissionPolicy.Replace, 10));

        Assert.Equal([new SlotDequeued(B), new SlotEnqueued(C, AtHead: true)], granted.Events);
        Assert.False(granted.Admitted);
        Assert.Equal([new SlotCancellation(B, SlotDecider.SupersededByReplace), new SlotCancellation(A, "replaced by task 'c'")], granted.ToCancel);
    }

    [Fact]
    public void A_release_frees_the_owner_or_leaves_the_queue_and_the_head_is_admitted_when_the_slot_is_free()
    {
        var state = Owned(A, B, C);

        Assert.Equal([new SlotOwnerReleased(A)], SlotDecider.Release(state, A));
        Assert.Equal([new SlotDequeued(C)], SlotDecider.Release(state, C));
        Assert.Empty(SlotDecider.Release(state, new TaskId("stranger")));
        Assert.Empty(SlotDecider.AdmitNext(state));
        Assert.Equal([new SlotOwnerAssigned(B)], SlotDecider.AdmitNext(state.Apply(new SlotOwnerReleased(A))));
    }

    [Fact]
    public void Folding_the_events_gives_the_owner_and_the_line()
    {
        var state = new ISlotEvent[] { new SlotOwnerAssigned(A), new SlotEnqueued(B, false), new SlotEnqueued(C, true), new SlotOwnerReleased(A), new SlotOwnerAssigned(C) }
            .Aggregate(SlotState.Empty, (s, e) => s.Apply(e));

        Assert.Equal(Owned(C, B), state);
        Assert.Equal(state, SlotState.Empty.Apply(new SlotSnapshot(C, [B])));
    }
}
