using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

public sealed class EventSequenceProperties
{
    private static readonly TaskPhase[] Outcomes = [TaskPhase.Succeeded, TaskPhase.Failed, TaskPhase.Timeout, TaskPhase.Canceled];

    [ScaledProperty]
    [Trait("Invariant", "1")]
    [Trait("Invariant", "6")]
    public Property Replaying_a_valid_journal_equals_applying_it_step_by_step() =>
        Prop.ForAll(TaskEventGenerators.Arbitrary(), script =>
        {
            var stepByStep = TaskState.Empty;
            foreach (var e in script.Events)
            {
                stepByStep = stepByStep.Apply(e);
            }

            var replayed = TaskState.Replay(script.Events);

            Assert.Equal(stepByStep, replayed);
            Assert.Equal(script.Events.Count, replayed.Version);
            Assert.Equal(script.Events.Count, replayed.Resource!.Metadata.ResourceVersion);
            Assert.Equal(script.Events[0].At, replayed.Resource.Metadata.CreatedAt);
            Assert.Equal(script.Events[^1].At, replayed.Resource.Metadata.UpdatedAt);
        });

    [ScaledProperty]
    [Trait("Invariant", "6")]
    [Trait("Invariant", "7")]
    public Property Every_state_of_a_valid_journal_is_self_consistent() =>
        Prop.ForAll(TaskEventGenerators.Arbitrary(), script =>
        {
            var state = TaskState.Empty;
            var version = 0;
            foreach (var e in script.Events)
            {
                state = state.Apply(e);
                version++;
                var status = state.Resource!.Status;

                // resourceVersion = number of events.
                Assert.Equal(version, state.Version);

                // Attempt numbers in the runs are consecutive from 1 and never repeat; status.attempt is the last one.
                Assert.Equal(Enumerable.Range(1, state.Runs.Count), state.Runs.Select(r => r.Attempt));
                Assert.Equal(state.Runs.Count, status.Attempt);

                // Only the last run may be open; an open run is Running, a closed one has an attempt outcome.
                Assert.All(state.Runs.Take(state.Runs.Count - 1), r => Assert.False(r.IsActive));
                Assert.All(state.Runs, r => Assert.True(r.IsActive ? r.Phase == TaskPhase.Running : r.Phase.IsAttemptOutcome(), $"run {r}"));

                // Running means an attempt is open; an open attempt means Running or being canceled.
                Assert.Equal(status.Phase == TaskPhase.Running, state.ActiveRun is not null && status.Phase != TaskPhase.Canceled);
                Assert.True(state.ActiveRun is null || status.Phase is TaskPhase.Running or TaskPhase.Canceled, $"open run while {status.Phase}");

                // status.nextAttemptAt mirrors the scheduled retry.
                Assert.Equal(state.ScheduledRetry?.DueAt, status.NextAttemptAt);
                Assert.True(state.ScheduledRetry is null || (status.Phase.IsTerminal() && state.ActiveRun is null), "a retry is scheduled only after an attempt ended");
                Assert.True(!state.IsDeleted || state.ScheduledRetry is null, "a deleted task has nothing scheduled");
                Assert.True(state.FailureStreak >= 0 && state.FailureStreak <= state.Runs.Count, $"failure streak {state.FailureStreak}");
                Assert.Equal(script.Spec, state.Resource.Spec);
            }
        });

    [ScaledProperty]
    [Trait("Invariant", "9")]
    public Property A_finished_attempt_is_never_changed_by_a_late_report_for_it() =>
        Prop.ForAll(LateReports(), report =>
        {
            var (script, pick, seed) = report;
            var state = TaskState.Replay(script.Events);
            var closed = state.Runs.Where(r => !r.IsActive).ToList();
            Assert.NotEmpty(closed);
            var attempt = closed[pick % closed.Count].Attempt;
            var random = new Random(seed);

            foreach (var outcome in Outcomes)
            {
                var late = TaskEventGenerators.Finished(random, attempt, state.Resource!.Metadata.UpdatedAt.AddSeconds(1)) with { Outcome = outcome };

                var after = state.Apply(late);

                Assert.Equal(state.Resource.Status, after.Resource!.Status);
                Assert.Equal(state.Runs, after.Runs);
                Assert.Equal(state.FailureStreak, after.FailureStreak);
                Assert.Equal(state.ScheduledRetry, after.ScheduledRetry);
                Assert.Equal(state.IsDeleted, after.IsDeleted);
                Assert.Equal(state.Version + 1, after.Version);
                Assert.Equal(late.At, after.Resource.Metadata.UpdatedAt);
                Assert.Equal([late], RestartDecider.EventsForFinishedAttempt(state, late, new Random(seed)));
            }
        });

    private static Arbitrary<(EventScript Script, int Pick, int Seed)> LateReports()
    {
        var scripts = TaskEventGenerators.Arbitrary(finishFirstAttempt: true);
        var gen =
            from script in scripts.Generator
            from pick in Gen.Choose(0, int.MaxValue)
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (script, pick, seed);
        return Arb.From(gen, c => scripts.Shrinker(c.script).Select(s => (s, c.pick, c.seed)));
    }
}
