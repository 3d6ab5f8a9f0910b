using TaskActors.Model.Identity;
using TaskActors.Queries;

namespace TaskActors.Tests.Queries;

/// <summary>
/// A task whose first journal events the retention deleted: the index starts its fold from the task's snapshot
/// (<see cref="IndexTable.SetBase"/>) instead of failing with "... before TaskCreated". Without Akka.
/// </summary>
public sealed class IndexTableBaseSpec
{
    private static readonly TaskId Id = new("t1");

    [Fact]
    public void A_first_event_above_1_or_a_gap_needs_a_base_and_the_next_event_does_not()
    {
        var table = new IndexTable();
        var events = TaskScript.Lifecycle("t1", 6);

        Assert.False(table.NeedsBase(Id, 1));
        Assert.True(table.NeedsBase(Id, 4));
        table.ApplyJournal(Id, 1, 1, events[0], null);
        Assert.False(table.NeedsBase(Id, 2));
        Assert.True(table.NeedsBase(Id, 3));
    }

    [Fact]
    [Trait("Invariant", "12")]
    public void Without_a_base_the_fold_of_a_retained_task_breaks_and_with_its_snapshot_it_is_listed_exactly()
    {
        var events = TaskScript.Lifecycle("t1", 8);
        var snapshot = TaskScript.Fold(events.Take(5));
        var expected = TaskScript.Fold(events);

        // The journal kept events 4..8; the snapshot is at 5.
        var without = new IndexTable();
        Assert.NotNull(without.ApplyJournal(Id, 4, 40, events[3], null));
        Assert.Empty(without.OrderedById);

        var table = new IndexTable();
        table.SetBase(Id, 5, snapshot, null);
        for (var seq = 4; seq <= 8; seq++)
        {
            Assert.Null(table.ApplyJournal(Id, seq, 10 * seq, events[seq - 1], null)); // 4 and 5 are skipped: the snapshot has them
        }

        Assert.Equal(expected.Resource, Assert.Single(table.OrderedById));
        Assert.Equal(expected, table.Find(Id)!.Journal);
    }

    [Fact]
    public void Watchers_get_the_versions_after_the_base_once_and_in_order()
    {
        var events = TaskScript.Lifecycle("t1", 7);
        var table = new IndexTable();
        var emitted = new List<Emission>();

        table.SetBase(Id, 4, TaskScript.Fold(events.Take(4)), emitted);
        for (var seq = 5; seq <= 7; seq++)
        {
            table.ApplyJournal(Id, seq, seq, events[seq - 1], emitted);
        }

        Assert.Equal([5L, 6, 7], emitted.Select(e => e.Change.Task.Metadata.ResourceVersion));
    }

    [Fact]
    public void An_older_snapshot_than_what_was_folded_changes_nothing()
    {
        var events = TaskScript.Lifecycle("t1", 6);
        var table = new IndexTable();
        for (var seq = 1; seq <= 6; seq++)
        {
            table.ApplyJournal(Id, seq, seq, events[seq - 1], null);
        }

        table.SetBase(Id, 3, TaskScript.Fold(events.Take(3)), null);

        Assert.Equal(6, table.Find(Id)!.JournalSequenceNr);
        Assert.Equal(6, Assert.Single(table.OrderedById).Metadata.ResourceVersion);
    }
}
