using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using static TaskActors.Model.Tests.Queries.QueryFixtures;

namespace TaskActors.Model.Tests.Queries;

public sealed class TaskPagingSpec
{
    private static TaskPage<TaskResource> Page(IEnumerable<TaskResource> tasks, TaskQuery query) => TaskPaging.Page(tasks, query, t => t);

    private static List<string> NumberedIds(int count) => [.. Enumerable.Range(0, count).Select(i => $"task-{i:D3}")];

    /// <summary>Follows continuations until the last page, re-reading <paramref name="source"/> before every page.</summary>
    private static List<string> WalkAllPages(Func<int, List<TaskResource>> source, TaskQuery query)
    {
        var seen = new List<string>();
        string? continuation = null;
        for (var page = 0; page < 10_000; page++)
        {
            var result = Page(source(page), query.WithContinuation(continuation));
            seen.AddRange(Ids(result.Items));
            continuation = result.Continuation;
            if (continuation is null)
            {
                return seen;
            }
        }

        throw new InvalidOperationException("paging did not terminate");
    }

    [Fact]
    public void A_page_keeps_the_id_order_of_the_index()
    {
        var tasks = Sorted(["b", "A", "a", "task-10", "task-9", "B"]);

        var page = Page(tasks, TaskQuery.All);

        Assert.Equal(["A", "B", "a", "b", "task-10", "task-9"], Ids(page.Items));
        Assert.Equal(6, page.Total);
        Assert.Null(page.Continuation);
    }

    [Fact]
    public void The_index_order_is_the_ordinal_order_of_task_ids()
    {
        var ids = NumberedIds(5).Concat(["Z", "a.b", "a-b", "a_b"]).ToList();

        var page = Page(Sorted(ids), TaskQuery.All);

        var expected = ids.Select(id => new TaskId(id)).Order().Select(id => id.Value);
        Assert.Equal(expected, Ids(page.Items));
    }

    [Fact]
    public void An_empty_index_gives_an_empty_last_page()
    {
        var page = Page([], TaskQuery.All);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
        Assert.Null(page.Continuation);
    }

    [Fact]
    public void A_page_holds_at_most_the_limit_and_the_total_counts_every_match()
    {
        var page = Page(Sorted(NumberedIds(10)), TaskQuery.All.WithLimit(3));

        Assert.Equal(["task-000", "task-001", "task-002"], Ids(page.Items));
        Assert.Equal(10, page.Total);
        Assert.NotNull(page.Continuation);
    }

    [Fact]
    public void The_continuation_is_the_position_after_the_last_item()
    {
        var page = Page(Sorted(NumberedIds(10)), TaskQuery.All.WithLimit(3));

        Assert.True(ContinuationToken.TryDecode(page.Continuation!, out var after));
        Assert.Equal(new TaskId("task-002"), after);
    }

    [Fact]
    public void The_next_page_resumes_after_the_last_id_and_the_total_still_counts_every_match()
    {
        var tasks = Sorted(NumberedIds(10));
        var first = Page(tasks, TaskQuery.All.WithLimit(3));

        var second = Page(tasks, TaskQuery.All.WithLimit(3).WithContinuation(first.Continuation));

        Assert.Equal(["task-003", "task-004", "task-005"], Ids(second.Items));
        Assert.Equal(10, second.Total);
    }

    [Fact]
    public void A_page_that_exactly_fills_the_limit_with_nothing_after_it_has_no_continuation()
    {
        var tasks = Sorted(NumberedIds(4));
        var first = Page(tasks, TaskQuery.All.WithLimit(2));

        var second = Page(tasks, TaskQuery.All.WithLimit(2).WithContinuation(first.Continuation));

        Assert.NotNull(first.Continuation);
        Assert.Equal(["task-002", "task-003"], Ids(second.Items));
        Assert.Null(second.Continuation);
        Assert.Null(Page(tasks, TaskQuery.All.WithLimit(4)).Continuation);
    }

    [Fact]
    public void Walking_every_page_returns_every_item_exactly_once_in_order()
    {
        var ids = NumberedIds(25);
        var tasks = Sorted(ids);

        var seen = WalkAllPages(_ => tasks, TaskQuery.All.WithLimit(7));

        Assert.Equal(ids, seen);
    }

    [Fact]
    public void Items_inserted_before_the_cursor_between_pages_are_not_returned_and_nothing_is_repeated()
    {
        var tasks = Sorted(["b", "d", "f", "h", "j"]);
        var query = TaskQuery.All.WithLimit(2);
        var first = Page(tasks, query);
        Assert.Equal(["b", "d"], Ids(first.Items));

        var grown = Sorted(["a", "b", "c", "d", "f", "h", "j"]);
        var second = Page(grown, query.WithContinuation(first.Continuation));

        Assert.Equal(["f", "h"], Ids(second.Items));
        Assert.Equal(7, second.Total);
    }

    [Fact]
    public void Items_inserted_after_the_cursor_between_pages_are_returned_in_order()
    {
        var tasks = Sorted(["b", "d", "f", "h"]);
        var query = TaskQuery.All.WithLimit(2);
        var first = Page(tasks, query);

        var grown = Sorted(["b", "d", "e", "f", "g", "h", "i"]);
        var second = Page(grown, query.WithContinuation(first.Continuation));
        var third = Page(grown, query.WithContinuation(second.Continuation));

        Assert.Equal(["e", "f"], Ids(second.Items));
        Assert.Equal(["g", "h"], Ids(third.Items));
        Assert.Equal("i", Assert.Single(Page(grown, query.WithContinuation(third.Continuation)).Items).Id.Value);
    }

    [Fact]
    public void Concurrent_inserts_before_and_after_the_cursor_never_cause_a_skip_or_a_repeat()
    {
        // Page over 30 original items while, before every page, one item is inserted before the cursor and one after.
        var original = NumberedIds(30).Select(id => id + "-m").ToList();
        var current = new List<string>(original);
        var inserted = new List<string>();

        var seen = WalkAllPages(
            page =>
            {
                if (page > 0)
                {
                    var early = $"task-000-{page:D2}"; // sorts before every original id after task-000-m
                    var late = $"task-zz-{page:D2}"; // sorts after every original id
                    current.Add(early);
                    current.Add(late);
                    inserted.Add(late);
                }

                return Sorted(current);
            },
            TaskQuery.All.WithLimit(4));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(original, seen.Where(original.Contains));
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.DoesNotContain(seen, id => id.StartsWith("task-000-", StringComparison.Ordinal) && !id.EndsWith("-m", StringComparison.Ordinal));
        Assert.NotEmpty(inserted);
        Assert.Equal(inserted, seen.Where(inserted.Contains));
    }

    [Fact]
    public void Deleting_the_cursor_item_between_pages_does_not_break_the_continuation()
    {
        var tasks = Sorted(["a", "b", "c", "d", "e"]);
        var query = TaskQuery.All.WithLimit(2);
        var first = Page(tasks, query);

        var shrunk = Sorted(["a", "c", "d", "e"]);
        var second = Page(shrunk, query.WithContinuation(first.Continuation));

        Assert.Equal(["c", "d"], Ids(second.Items));
        Assert.Equal(4, second.Total);
    }

    [Fact]
    public void Filters_apply_before_paging_and_the_total_counts_only_matches()
    {
        var tasks = new List<TaskResource>
        {
            Task("a", "reports", TaskPhase.Failed),
            Task("b", "billing", TaskPhase.Failed),
            Task("c", "reports", TaskPhase.Succeeded),
            Task("d", "reports", TaskPhase.Timeout),
            Task("e", "reports", TaskPhase.Failed, ("team", "finance")),
            Task("f", "reports", TaskPhase.Failed),
        };
        var query = TaskQuery.All.WithSlot("reports").WithPhases(TaskPhase.Failed, TaskPhase.Timeout).WithLimit(2);

        var first = Page(tasks, query);
        var second = Page(tasks, query.WithContinuation(first.Continuation));

        Assert.Equal(["a", "d"], Ids(first.Items));
        Assert.Equal(["e", "f"], Ids(second.Items));
        Assert.Equal(4, first.Total);
        Assert.Equal(4, second.Total);
        Assert.Null(second.Continuation);
    }

    [Fact]
    public void A_selector_filter_pages_over_task_labels()
    {
        var tasks = new List<TaskResource>
        {
            Task("a", labels: ("team", "finance")),
            Task("b", labels: ("team", "ops")),
            Task("c", labels: ("team", "finance")),
        };

        var page = Page(tasks, TaskQuery.All.WithSelector(LabelSelector.ForLabels(("team", "finance"))));

        Assert.Equal(["a", "c"], Ids(page.Items));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public void A_page_never_holds_more_than_1000_items()
    {
        var tasks = Sorted(Enumerable.Range(0, 1005).Select(i => $"t-{i:D4}"));

        var page = Page(tasks, TaskQuery.All with { Limit = 5000 });

        Assert.Equal(1000, page.Items.Count);
        Assert.Equal(1005, page.Total);
        Assert.NotNull(page.Continuation);
    }

    [Fact]
    public void Page_works_on_any_item_type_through_the_resource_selector()
    {
        var rows = Sorted(["a", "b", "c"]).Select(t => (Row: t.Id.Value.ToUpperInvariant(), Task: t)).ToList();

        var page = TaskPaging.Page(rows, TaskQuery.All.WithLimit(2), r => r.Task);

        Assert.Equal(["A", "B"], page.Items.Select(r => r.Row));
        Assert.True(ContinuationToken.TryDecode(page.Continuation!, out var after));
        Assert.Equal(new TaskId("b"), after);
    }
}
