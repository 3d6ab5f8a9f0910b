using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using static TaskActors.Model.Tests.Queries.QueryFixtures;

namespace TaskActors.Model.Tests.Queries;

public sealed class TaskQuerySpec
{
    [Fact]
    public void The_default_query_has_no_filters_and_a_limit_of_100()
    {
        var query = TaskQuery.All;

        Assert.Null(query.Slot);
        Assert.Empty(query.Phases);
        Assert.Null(query.Selector);
        Assert.Null(query.Continuation);
        Assert.Equal(100, query.Limit);
        Assert.Equal(100, TaskQuery.DefaultLimit);
        Assert.Equal(100, query.EffectiveLimit);
        Assert.Empty(query.Validate());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 100)]
    [InlineData(999, 999)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(int.MaxValue, 1000)]
    public void WithLimit_caps_the_page_size_at_1000(int requested, int expected)
    {
        var query = TaskQuery.All.WithLimit(requested);

        Assert.Equal(expected, query.Limit);
        Assert.Equal(expected, query.EffectiveLimit);
        Assert.Equal(1000, TaskQuery.MaxLimit);
    }

    [Fact]
    public void The_effective_limit_is_capped_even_when_the_limit_was_set_directly()
    {
        Assert.Equal(1000, (TaskQuery.All with { Limit = 5000 }).EffectiveLimit);
    }

    [Fact]
    public void The_with_methods_leave_the_original_query_untouched()
    {
        var original = TaskQuery.All;

        _ = original.WithSlot("reports").WithLimit(5).WithActive().WithContinuation("x").WithSelector(LabelSelector.Everything);

        Assert.Equal(TaskQuery.All, original);
        Assert.Equal(100, original.Limit);
        Assert.Null(original.Slot);
    }

    [Fact]
    public void WithPhases_accumulates_ignores_duplicates_and_keeps_phase_order()
    {
        var query = TaskQuery.All.WithPhases(TaskPhase.Failed, TaskPhase.Running).WithPhases(TaskPhase.Running, TaskPhase.Pending);

        Assert.Equal([TaskPhase.Pending, TaskPhase.Running, TaskPhase.Failed], query.Phases);
    }

    [Fact]
    public void WithActive_and_WithTerminal_select_the_phase_groups()
    {
        Assert.Equal([TaskPhase.Pending, TaskPhase.Running], TaskQuery.All.WithActive().Phases);
        Assert.Equal(
            [TaskPhase.Succeeded, TaskPhase.Failed, TaskPhase.Timeout, TaskPhase.Canceled, TaskPhase.Exhausted],
            TaskQuery.All.WithTerminal().Phases);
        Assert.Equal(TaskPhaseExtensions.All, TaskQuery.All.WithActive().WithTerminal().Phases);
    }

    [Fact]
    public void WithSlot_null_removes_the_slot_filter()
    {
        Assert.Null(TaskQuery.All.WithSlot("reports").WithSlot(null).Slot);
        Assert.Equal(new Slot("reports"), TaskQuery.All.WithSlot("reports").Slot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_below_one_is_reported_at_query_limit(int limit)
    {
        var error = Assert.Single(TaskQuery.All.WithLimit(limit).Validate());

        Assert.Equal("query.limit", error.Path);
        Assert.Equal($"must be at least 1, got {limit}", error.Problem);
        Assert.Equal("1 to 1000 (larger values are capped at 1000)", error.Allowed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("..")]
    public void A_bad_slot_is_reported_at_query_slot(string slot)
    {
        var error = Assert.Single(TaskQuery.All.WithSlot(slot).Validate());

        Assert.Equal("query.slot", error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("YmVmb3JlOng")]
    public void A_continuation_that_no_page_returned_is_reported_at_query_continuation(string continuation)
    {
        var error = Assert.Single(TaskQuery.All.WithContinuation(continuation).Validate());

        Assert.Equal("query.continuation", error.Path);
        Assert.Equal("is not a token returned by a previous page", error.Problem);
        Assert.Equal("the continuation of a previous page, or omit it", error.Allowed);
    }

    [Fact]
    public void A_continuation_returned_by_a_page_is_valid()
    {
        Assert.Empty(TaskQuery.All.WithContinuation(ContinuationToken.Encode(new TaskId("reports-1"))).Validate());
    }

    [Fact]
    public void A_bad_selector_is_reported_under_query_selector()
    {
        var query = TaskQuery.All.WithSelector(LabelSelector.Everything.With(SelectorRequirement.Of("team", SelectorOperator.NotIn)));

        Assert.Equal("query.selector.matchExpressions[0].values", Assert.Single(query.Validate()).Path);
    }

    [Fact]
    public void Every_query_error_is_reported_at_once()
    {
        var query = TaskQuery.All.WithSlot("").WithLimit(0).WithContinuation("nope")
            .WithSelector(LabelSelector.ForLabels(("bad key", "x")));

        Assert.Equal(
            ["query.slot", "query.limit", "query.selector.matchLabels.bad key", "query.continuation"],
            query.Validate().Select(e => e.Path));
    }

    [Fact]
    public void The_default_query_matches_every_task()
    {
        Assert.True(TaskQuery.All.Matches(Task("a")));
        Assert.True(TaskQuery.All.Matches(Task("b", "other", TaskPhase.Exhausted, ("team", "x"))));
    }

    [Fact]
    public void A_slot_filter_matches_only_tasks_of_that_slot()
    {
        var query = TaskQuery.All.WithSlot("reports");

        Assert.True(query.Matches(Task("a", "reports")));
        Assert.False(query.Matches(Task("b", "billing")));
        Assert.False(query.Matches(Task("c", "Reports")));
    }

    [Fact]
    public void A_phase_filter_matches_any_of_its_phases()
    {
        var query = TaskQuery.All.WithPhases(TaskPhase.Failed, TaskPhase.Timeout);

        Assert.True(query.Matches(Task("a", phase: TaskPhase.Failed)));
        Assert.True(query.Matches(Task("b", phase: TaskPhase.Timeout)));
        Assert.False(query.Matches(Task("c", phase: TaskPhase.Succeeded)));
        Assert.False(query.Matches(Task("d", phase: TaskPhase.Running)));
    }

    [Fact]
    public void A_selector_filter_matches_the_task_labels_not_the_runner_selector()
    {
        var query = TaskQuery.All.WithSelector(LabelSelector.ForLabels(("team", "finance")));
        var financeTask = Task("a", labels: ("team", "finance"));
        var otherTask = Task("b", labels: ("team", "ops")).WithRunnerSelector(LabelSelector.ForLabels(("team", "finance")));

        Assert.True(query.Matches(financeTask));
        Assert.False(query.Matches(otherTask));
        Assert.False(query.Matches(Task("c")));
    }

    [Fact]
    public void A_selector_filter_uses_the_full_selector_semantics()
    {
        var query = TaskQuery.All.WithSelector(LabelSelector.Everything.With(SelectorRequirement.Of("tier", SelectorOperator.NotIn, "batch")));

        Assert.True(query.Matches(Task("a")));
        Assert.True(query.Matches(Task("b", labels: ("tier", "web"))));
        Assert.False(query.Matches(Task("c", labels: ("tier", "batch"))));
    }

    [Fact]
    public void All_filters_are_ANDed()
    {
        var query = TaskQuery.All.WithSlot("reports").WithActive().WithSelector(LabelSelector.ForLabels(("team", "finance")));

        Assert.True(query.Matches(Task("a", "reports", TaskPhase.Running, ("team", "finance"))));
        Assert.False(query.Matches(Task("b", "billing", TaskPhase.Running, ("team", "finance"))));
        Assert.False(query.Matches(Task("c", "reports", TaskPhase.Failed, ("team", "finance"))));
        Assert.False(query.Matches(Task("d", "reports", TaskPhase.Running, ("team", "ops"))));
    }

    [Fact]
    public void Matches_rejects_a_null_task()
    {
        Assert.Throws<ArgumentNullException>(() => TaskQuery.All.Matches(null!));
    }
}
