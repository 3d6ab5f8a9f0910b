using System.Text;
using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Json;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using static TaskActors.Model.Tests.Generators.TaskFixtures;

namespace TaskActors.Model.Tests.State;

/// <summary>
/// The journal retention's decision (<see cref="JournalRetention.DeleteUpTo"/>) and what it rests on: the state knows at
/// which resourceVersion (= journal sequence number) each kept run started, also after a snapshot.
/// </summary>
public sealed class JournalRetentionSpec
{
    /// <summary>A periodic task after <paramref name="runs"/> runs: created (v1), then per run started, finished, next scheduled.</summary>
    private static Journal PeriodicRuns(int runs)
    {
        var journal = new Journal(Spec(RestartPolicy.Periodic(10)));
        for (var run = 0; run < runs; run++)
        {
            journal.Start();
            journal.Finish(TaskPhase.Succeeded, exitCode: 0);
        }

        return journal;
    }

    [Fact]
    public void Each_kept_run_remembers_the_version_of_its_AttemptStarted()
    {
        var state = PeriodicRuns(3).State;

        Assert.Equal(10, state.Version); // 1 + 3 × (started, finished, scheduled)
        Assert.Equal([2L, 5L, 8L], state.RunStartVersions);
    }

    [Fact]
    public void Start_versions_are_trimmed_with_the_runs()
    {
        var state = PeriodicRuns(TaskState.MaxRunsKept + 2).State;

        Assert.Equal(TaskState.MaxRunsKept, state.RunStartVersions.Count);
        Assert.Equal(2 + (3L * 2), state.RunStartVersions[0]); // runs 1 and 2 were dropped: run 3 started at v8
        Assert.Equal(state.Version - 2, state.RunStartVersions[^1]);
    }

    [Fact]
    public void Nothing_is_deleted_while_the_task_has_fewer_runs_than_it_keeps()
    {
        var state = PeriodicRuns(3).State;

        Assert.Null(JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 10, retainRuns: 4, deletedUpTo: 0));
    }

    [Fact]
    [Trait("Invariant", "12")]
    public void The_bound_is_just_below_the_start_of_the_oldest_kept_run()
    {
        var state = PeriodicRuns(5).State; // runs start at 2, 5, 8, 11, 14; version 16

        Assert.Equal(7, JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 16, retainRuns: 3, deletedUpTo: 0));
        Assert.Equal(13, JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 16, retainRuns: 1, deletedUpTo: 0));
    }

    [Fact]
    [Trait("Invariant", "12")]
    public void The_event_at_the_snapshot_is_always_kept()
    {
        var state = PeriodicRuns(5).State;

        // The last run started at 14, after a snapshot taken at 12: only the events below the snapshot may go.
        Assert.Equal(11, JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 12, retainRuns: 1, deletedUpTo: 0));
    }

    [Fact]
    public void Only_a_bound_that_advanced_is_a_deletion()
    {
        var state = PeriodicRuns(5).State;

        Assert.Null(JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 16, retainRuns: 3, deletedUpTo: 7));
        Assert.Null(JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 16, retainRuns: 3, deletedUpTo: 9));
        Assert.Equal(7, JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 16, retainRuns: 3, deletedUpTo: 6));
    }

    [Fact]
    public void A_deleted_task_is_left_to_the_purge()
    {
        var journal = PeriodicRuns(5);
        journal.Append(new TaskDeleted(journal.Now.AddSeconds(1)));

        Assert.Null(JournalRetention.DeleteUpTo(journal.State, snapshotSequenceNr: 17, retainRuns: 1, deletedUpTo: 0));
    }

    [Fact]
    public void Runs_recovered_from_a_snapshot_without_start_versions_keep_their_events_until_enough_new_runs_are_known()
    {
        var journal = PeriodicRuns(5);
        var old = journal.State with { RunStartVersions = ValueList<long>.Empty }; // as read from a snapshot of an older version
        Assert.Null(JournalRetention.DeleteUpTo(old, snapshotSequenceNr: 16, retainRuns: 1, deletedUpTo: 0));

        var state = old.Then(new AttemptStarted(6, At(1_000)), new AttemptFinished(6, TaskPhase.Succeeded, At(1_001)));
        Assert.Equal([17L], state.RunStartVersions);
        Assert.Null(JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 18, retainRuns: 2, deletedUpTo: 0));
        Assert.Equal(16, JournalRetention.DeleteUpTo(state, snapshotSequenceNr: 18, retainRuns: 1, deletedUpTo: 0));
    }

    [Fact]
    public void At_least_one_run_must_be_retained()
    {
        var state = PeriodicRuns(2).State;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => JournalRetention.DeleteUpTo(state, 7, retainRuns: 0, deletedUpTo: 0));
        Assert.Equal("retainRuns", error.ParamName);
    }

    [Fact]
    [Trait("Invariant", "1")]
    public void A_snapshot_keeps_the_start_versions_so_snapshot_plus_tail_equals_the_whole_replay()
    {
        var journal = PeriodicRuns(6);
        var atSnapshot = TaskState.Replay(journal.Events.Take(10));

        var snapshot = (TaskState)TaskEventJson.FromBytes(TaskEventJson.ToBytes(atSnapshot), TaskEventJson.TaskStateManifest);
        var recovered = journal.Events.Skip(10).Aggregate(snapshot, (s, e) => s.Apply(e));

        Assert.Equal([2L, 5L, 8L], snapshot.RunStartVersions);
        Assert.Equal(journal.State, recovered);
    }

    [Fact]
    [Trait("Invariant", "11")]
    public void A_snapshot_written_before_start_versions_were_tracked_reads_with_them_unknown()
    {
        var state = PeriodicRuns(2).State;
        var json = Encoding.UTF8.GetString(TaskEventJson.ToBytes(state));
        var old = json.Replace(",\"runStartVersions\":[2,5]", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(json, old);

        var read = (TaskState)TaskEventJson.FromBytes(Encoding.UTF8.GetBytes(old), TaskEventJson.TaskStateManifest);

        Assert.Empty(read.RunStartVersions);
        Assert.Equal(state.Runs, read.Runs);
        Assert.Equal(state.Resource, read.Resource);
    }

    [Fact]
    public void A_snapshot_with_more_start_versions_than_runs_is_refused_by_field()
    {
        var state = PeriodicRuns(2).State;
        var json = Encoding.UTF8.GetString(TaskEventJson.ToBytes(state)).Replace("[2,5]", "[2,5,8]", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => TaskEventJson.FromBytes(Encoding.UTF8.GetBytes(json), TaskEventJson.TaskStateManifest));

        Assert.Contains("runStartVersions", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 3 entries for 2 runs", error.Message, StringComparison.Ordinal);
    }
}
