using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.State;
using TaskActors.Queries;
using TaskActors.Tasks;

namespace TaskActors.Tests.Queries;

/// <summary>The index's merge of its two sources (journal feed, local TaskChanged), without Akka.</summary>
public sealed class IndexTableSpec
{
    private static readonly TaskId Id = new("t1");

    private static List<TaskChanged> Changes(List<ITaskEvent> events)
    {
        var state = TaskState.Empty;
        var changes = new List<TaskChanged>();
        foreach (var e in events)
        {
            state = state.Apply(e);
            changes.Add(new TaskChanged(state.Resource!, e));
        }

        return changes;
    }

    private static List<long> Versions(List<Emission> emitted) => emitted.Select(e => e.Change.Task.Metadata.ResourceVersion).ToList();

    [Fact]
    public void Local_changes_are_listed_at_once_and_the_journal_echo_is_not_emitted_again()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 5);
        var emitted = new List<Emission>();
        foreach (var change in Changes(events))
        {
            table.ApplyLocal(change, emitted);
        }

        Assert.Equal(5, Assert.Single(table.OrderedById).Metadata.ResourceVersion);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Null(table.ApplyJournal(Id, i + 1, 100 + i, events[i], emitted));
        }

        Assert.Equal([1L, 2, 3, 4, 5], Versions(emitted));
        Assert.Equal(5, table.Find(Id)!.Journal.Version);
    }

    [Fact]
    public void A_local_change_ahead_of_a_version_written_elsewhere_waits_for_it_before_watchers_get_it()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 4);
        var changes = Changes(events);
        var emitted = new List<Emission>();
        table.ApplyJournal(Id, 1, 1, events[0], emitted);
        table.ApplyJournal(Id, 2, 2, events[1], emitted);
        table.ApplyLocal(changes[3], emitted); // version 4 arrives before version 3
        Assert.Equal(4, Assert.Single(table.OrderedById).Metadata.ResourceVersion); // the list takes it at once
        Assert.Equal([1L, 2], Versions(emitted));
        table.ApplyJournal(Id, 3, 3, events[2], emitted);
        Assert.Equal([1L, 2, 3, 4], Versions(emitted)); // then 3 and the held 4, in order
        table.ApplyJournal(Id, 4, 4, events[3], emitted);
        Assert.Equal([1L, 2, 3, 4], Versions(emitted));
        Assert.Same(changes[3].Task, emitted[3].Change.Task);
    }

    [Fact]
    public void A_deleted_task_is_unlisted_and_late_journal_events_do_not_bring_it_back()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 3).Append(new TaskDeleted(TaskScript.T0.AddHours(1))).ToList();
        var emitted = new List<Emission>();
        foreach (var change in Changes(events))
        {
            table.ApplyLocal(change, emitted);
        }

        Assert.Empty(table.OrderedById);
        Assert.True(table.Find(Id)!.Closed);
        for (var i = 0; i < events.Count; i++)
        {
            table.ApplyJournal(Id, i + 1, i + 1, events[i], emitted);
        }

        Assert.Empty(table.OrderedById);
        Assert.Equal([1L, 2, 3, 4], Versions(emitted));
        Assert.IsType<TaskDeleted>(emitted[^1].Change.Event);
    }

    [Fact]
    public void Events_that_cannot_follow_the_journal_are_reported_and_the_entry_keeps_its_last_good_state()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 3);
        Assert.Null(table.ApplyJournal(Id, 1, 1, events[0], null));
        var problem = table.ApplyJournal(Id, 2, 2, TaskScript.Created("t1"), null); // a second TaskCreated cannot follow
        Assert.NotNull(problem);
        Assert.Equal(("task-t1", 2L), (problem.PersistenceId, problem.SequenceNr));
        var listed = Assert.Single(table.OrderedById);
        Assert.Equal(1, listed.Metadata.ResourceVersion);
        Assert.Equal(problem, listed.Status.Damage);
    }

    [Fact]
    public void A_sequence_gap_marks_the_task_damaged_at_the_missing_number_and_lists_it_flagged()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 3);
        Assert.Null(table.ApplyJournal(Id, 1, 1, events[0], null));
        var damage = table.ApplyJournal(Id, 3, 3, events[2], null);   // event 2 is missing

        Assert.Equal(("task-t1", 2L), (damage?.PersistenceId, damage?.SequenceNr ?? 0));
        Assert.Contains("gap", damage!.Reason, StringComparison.Ordinal);
        var listed = Assert.Single(table.OrderedById);
        Assert.True(listed.IsDamaged);
        Assert.True(listed.IsSettled);
    }

    [Fact]
    public void An_unreadable_event_marks_only_its_task_damaged()
    {
        var table = new IndexTable();
        table.ApplyJournal(Id, 1, 1, TaskScript.Lifecycle("t1", 3)[0], null);
        table.ApplyJournal(new TaskId("other"), 1, 2, TaskScript.Created("other"), null);

        Assert.NotNull(table.MarkDamaged(Id, 2, "unreadable"));

        Assert.Equal([("other", false), ("t1", true)], table.OrderedById.Select(t => (t.Id.Value, t.IsDamaged)));
    }

    [Fact]
    public void A_task_whose_history_was_purged_unseen_vanishes_and_stays_gone()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 3);
        table.ApplyJournal(Id, 1, 5, events[0], null);
        table.ApplyJournal(new TaskId("kept"), 1, 6, TaskScript.Created("kept"), null);
        table.Vanish(Id);
        Assert.Equal(["kept"], table.OrderedById.Select(t => t.Id.Value));
        table.ApplyJournal(Id, 2, 7, events[1], null);
        Assert.Equal(["kept"], table.OrderedById.Select(t => t.Id.Value));
    }
}
