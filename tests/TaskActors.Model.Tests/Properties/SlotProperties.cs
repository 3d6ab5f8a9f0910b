using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Slots;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

/// <summary>
/// The slot rules of <see cref="SlotDecider"/> on random histories of claims (any policy, repeated claims included) and
/// releases of up to eight tasks, driven the way the SlotActor drives them: persist what a claim or release decided,
/// then admit the next in line when the slot is free.
/// </summary>
public sealed class SlotProperties
{
    private const int Capacity = 3;
    private static readonly Slot Slot = new("reports");
    private static readonly AdmissionPolicy[] Policies = Enum.GetValues<AdmissionPolicy>();

    /// <summary>One step of a history: task <paramref name="Task"/> claims with <paramref name="Policy"/>, or releases.</summary>
    public sealed record Step(bool Claim, int Task, AdmissionPolicy Policy)
    {
        public override string ToString() => Claim ? $"t{Task} claims ({Policy})" : $"t{Task} releases";
    }

    private static Arbitrary<Step[]> Histories() =>
        Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(
                from claim in Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
                from task in Gen.Choose(0, 7)
                from policy in Gen.Elements(Policies)
                select new Step(claim, task, policy), n))
            .ToArbitrary();

    /// <summary>What happened: every event in order, with the claim that caused it.</summary>
    private sealed class Run
    {
        public SlotState State { get; private set; } = SlotState.Empty;

        public List<(ISlotEvent Event, Step Cause, SlotState Before)> Events { get; } = [];

        public List<(Step Step, ClaimDecision Decision, SlotState Before)> Claims { get; } = [];

        public static Run Of(IEnumerable<Step> steps)
        {
            var run = new Run();
            foreach (var step in steps)
            {
                var id = new TaskId($"t{step.Task}");
                if (step.Claim)
                {
                    var decision = SlotDecider.Claim(run.State, Slot, id, step.Policy, Capacity);
                    run.Claims.Add((step, decision, run.State));
                    if (decision is ClaimDecision.Granted granted)
                    {
                        run.Apply(granted.Events, step);
                    }
                }
                else
                {
                    run.Apply(SlotDecider.Release(run.State, id), step);
                    run.Apply(SlotDecider.AdmitNext(run.State), step);
                }
            }

            return run;
        }

        private void Apply(IEnumerable<ISlotEvent> events, Step cause)
        {
            foreach (var e in events)
            {
                Events.Add((e, cause, State));
                State = State.Apply(e);
            }
        }
    }

    [ScaledProperty(Cases = 300)]
    public Property A_slot_never_has_two_owners_and_its_queue_holds_each_waiting_task_once() =>
        Prop.ForAll(Histories(), steps =>
        {
            var run = Run.Of(steps);

            foreach (var (e, cause, before) in run.Events)
            {
                if (e is SlotOwnerAssigned assigned)
                {
                    Assert.True(before.Owner is null, $"{assigned.TaskId} became owner while {before.Owner} owned the slot ({cause})");
                }
            }

            foreach (var state in run.Events.Select(e => e.Before).Append(run.State))
            {
                Assert.Equal(state.Queue.Count, state.Queue.Distinct().Count());
                Assert.DoesNotContain(state.Owner ?? new TaskId("-"), state.Queue);
                Assert.True(state.Queue.Count <= Capacity, $"queue of {state.Queue.Count} beyond the capacity {Capacity}");
            }
        });

    [ScaledProperty(Cases = 300)]
    public Property Tasks_queued_at_the_end_become_owners_in_the_order_they_joined() =>
        Prop.ForAll(Histories(), steps =>
        {
            var run = Run.Of(steps);
            var line = new List<TaskId>();   // tasks that joined at the end, in the order they joined, still waiting
            foreach (var (e, cause, _) in run.Events)
            {
                switch (e)
                {
                    case SlotEnqueued { AtHead: false } enqueued:
                        line.Add(enqueued.TaskId);
                        break;
                    case SlotDequeued dequeued:
                        line.Remove(dequeued.TaskId);   // it left the line (released, or displaced by a replace)
                        break;
                    case SlotOwnerAssigned assigned when line.Contains(assigned.TaskId):
                        Assert.True(line[0] == assigned.TaskId, $"{assigned.TaskId} became owner before {line[0]}, which joined earlier ({cause})");
                        line.RemoveAt(0);
                        break;
                }
            }
        });

    [ScaledProperty(Cases = 300)]
    public Property A_replacing_task_is_admitted_only_after_the_owner_it_replaced_released_the_slot() =>
        Prop.ForAll(Histories(), steps =>
        {
            var run = Run.Of(steps);
            foreach (var (step, decision, before) in run.Claims)
            {
                if (step.Policy != AdmissionPolicy.Replace || decision is not ClaimDecision.Granted { Admitted: false } || before.Owner is not { } replaced)
                {
                    continue;
                }

                var newcomer = new TaskId($"t{step.Task}");
                if (before.Queue.Contains(newcomer))
                {
                    continue;   // a repeated claim: nothing happens (the last property)
                }

                Assert.Contains(((ClaimDecision.Granted)decision).ToCancel, c => c.TaskId == replaced);
                var claimedAt = run.Events.FindIndex(e => e.Event is SlotEnqueued { AtHead: true } q && q.TaskId == newcomer && e.Before.Owner == replaced);
                var admittedAt = run.Events.FindIndex(claimedAt, e => e.Event is SlotOwnerAssigned a && a.TaskId == newcomer);
                if (admittedAt >= 0)
                {
                    var releasedAt = run.Events.FindIndex(claimedAt, e => e.Event is SlotOwnerReleased r && r.TaskId == replaced);
                    Assert.InRange(releasedAt, claimedAt, admittedAt);
                }
            }
        });

    [ScaledProperty(Cases = 300)]
    public Property Claiming_again_as_owner_or_while_queued_is_granted_the_same_way_and_writes_nothing() =>
        Prop.ForAll(Histories(), steps =>
        {
            var state = Run.Of(steps).State;
            foreach (var id in new[] { state.Owner }.OfType<TaskId>().Concat(state.Queue))
            {
                foreach (var policy in Policies)
                {
                    var again = Assert.IsType<ClaimDecision.Granted>(SlotDecider.Claim(state, Slot, id, policy, Capacity));

                    Assert.Empty(again.Events);
                    Assert.Empty(again.ToCancel);
                    Assert.Equal(state.Owner == id, again.Admitted);
                }
            }
        });
}
