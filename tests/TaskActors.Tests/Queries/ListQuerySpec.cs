using Akka.Actor;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Tasks;
using static TaskActors.Queries.QueryProtocol;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Queries;

/// <summary>List semantics of the index on a real store: filters, paging, total, limit, validation, read-your-writes.</summary>
public sealed class ListQuerySpec() : ListQueryChecks(new QueryHarness());

/// <summary>The checks of <see cref="ListQuerySpec"/>, for any store: each store's spec class derives from this once with its harness.</summary>
public abstract class ListQueryChecks(QueryHarness harness) : IAsyncLifetime
{
    private readonly QueryHarness _harness = harness;
    private Node.TaskActorsNode _node = null!;

    public Task InitializeAsync()
    {
        (_node, _) = _harness.StartNode();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task Write(string id, List<Model.Events.ITaskEvent> events) => _harness.Write(_node.System, id, events, publishLocally: true);

    private static List<string> Ids(TaskPage<TaskResource> page) => page.Items.Select(t => t.Id.Value).ToList();

    [Fact]
    public async Task Filters_are_anded_phases_are_ored_and_the_selector_matches_task_labels()
    {
        await Write("a", TaskScript.Ending("a", TaskPhase.Running, "s1", ("team", "x")));
        await Write("b", TaskScript.Ending("b", TaskPhase.Succeeded, "s1", ("team", "y")));
        await Write("c", TaskScript.Ending("c", TaskPhase.Failed, "s2", ("team", "x"), ("tier", "gold")));
        await Write("d", TaskScript.Ending("d", TaskPhase.Pending, "s2"));

        var all = TaskQuery.All;
        Assert.Equal(["a", "b"], Ids(await QueryHarness.List(_node.Index, all.WithSlot("s1"))));
        Assert.Equal(["a", "c"], Ids(await QueryHarness.List(_node.Index, all.WithPhases(TaskPhase.Running, TaskPhase.Failed))));
        Assert.Equal(["a", "c"], Ids(await QueryHarness.List(_node.Index, all.WithSelector(LabelSelector.ForLabels(("team", "x"))))));
        var exists = LabelSelector.Everything.With(new SelectorRequirement("tier", SelectorOperator.Exists, Model.Common.ValueList<string>.Empty));
        Assert.Equal(["c"], Ids(await QueryHarness.List(_node.Index, all.WithSelector(exists))));
        var combined = await QueryHarness.List(_node.Index, all.WithSlot("s2").WithPhases(TaskPhase.Failed, TaskPhase.Pending).WithSelector(LabelSelector.ForLabels(("team", "x"))));
        Assert.Equal(["c"], Ids(combined));
        Assert.Equal(1, combined.Total);
        var everything = await QueryHarness.List(_node.Index, all);
        Assert.Equal(["a", "b", "c", "d"], Ids(everything));
        Assert.Equal(4, everything.Total);
        Assert.Null(everything.Continuation);
    }

    [Fact]
    public async Task Paging_by_continuation_never_skips_or_repeats_while_tasks_are_inserted_before_and_after_the_cursor()
    {
        var initial = Enumerable.Range(1, 10).Select(i => $"t{i * 10:000}").ToList(); // t010 .. t100
        foreach (var id in initial)
        {
            await Write(id, TaskScript.Ending(id, TaskPhase.Succeeded));
        }

        var query = TaskQuery.All.WithLimit(3);
        var seen = new List<string>();
        var page = await QueryHarness.List(_node.Index, query);
        Assert.Equal(10, page.Total);
        seen.AddRange(Ids(page));
        Assert.Equal(["t010", "t020", "t030"], seen);

        // Between pages: one id before the cursor, two after it, one far after.
        await Write("t005", TaskScript.Ending("t005", TaskPhase.Succeeded));
        await Write("t035", TaskScript.Ending("t035", TaskPhase.Succeeded));
        await Write("t095", TaskScript.Ending("t095", TaskPhase.Succeeded));
        var pages = 1;
        var existing = 13;
        while (page.Continuation is not null)
        {
            page = await QueryHarness.List(_node.Index, query.WithContinuation(page.Continuation));
            pages++;
            Assert.Equal(existing, page.Total); // the total counts every match, on every page
            seen.AddRange(Ids(page));
            if (pages == 2)
            {
                await Write("t999", TaskScript.Ending("t999", TaskPhase.Succeeded)); // inserted ahead of the cursor mid-way
                existing++;
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count()); // nothing repeated
        Assert.All(initial, id => Assert.Contains(id, seen)); // nothing that existed at the start was skipped
        Assert.Contains("t035", seen);
        Assert.Contains("t095", seen);
        Assert.Contains("t999", seen);
        Assert.DoesNotContain("t005", seen); // inserted behind the cursor: the next full listing has it
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen); // stable order by id
    }

    [Fact]
    public async Task Limit_defaults_to_100_and_is_capped_at_1000()
    {
        // 1,200 tasks through the same path as a TaskActor's changes (the event stream), to keep the spec fast.
        var spec = TaskScript.Spec("bulk");
        for (var i = 0; i < 1200; i++)
        {
            var task = TaskResource.Create(new TaskId($"bulk-{i:0000}"), spec, TaskScript.T0);
            _node.System.EventStream.Publish(new TaskChanged(task, new Model.Events.TaskCreated(task.Id, spec, TaskScript.T0)));
        }

        var defaultPage = await QueryHarness.List(_node.Index, TaskQuery.All.WithSlot("bulk"));
        Assert.Equal(TaskQuery.DefaultLimit, defaultPage.Items.Count);
        Assert.Equal(1200, defaultPage.Total);
        var capped = await QueryHarness.List(_node.Index, new TaskQuery(new Slot("bulk"), Model.Common.ValueList<TaskPhase>.Empty, null, 5000, null));
        Assert.Equal(TaskQuery.MaxLimit, capped.Items.Count);
        Assert.NotNull(capped.Continuation);
        var rest = await QueryHarness.List(_node.Index, TaskQuery.All.WithSlot("bulk").WithLimit(5000).WithContinuation(capped.Continuation));
        Assert.Equal(200, rest.Items.Count);
        Assert.Null(rest.Continuation);
    }

    [Fact]
    public async Task An_invalid_query_is_answered_with_every_field_error()
    {
        var query = new TaskQuery(new Slot("Not A Slot!"), Model.Common.ValueList<TaskPhase>.Empty, null, 0, "garbage");
        var reply = await _node.Index.Ask<IQueryReply>(new ListTasks(query), QueryHarness.Timeout);
        var invalid = Assert.IsType<QueryInvalid>(reply);
        Assert.Equal(["query.continuation", "query.limit", "query.slot"], invalid.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_change_made_on_this_node_is_listed_as_soon_as_the_task_answered()
    {
        var spec = new TaskSpecBuilder("ryw-slot", HandlerWorkload.Create("noop")).Label("case", "ryw").Build();
        var reply = await _node.AskAsync(new TaskId("ryw-1"), new Submit(spec));
        var accepted = Assert.IsType<Accepted>(reply);

        // No waiting: the TaskActor's TaskChanged is in the index's mailbox before the reply was sent.
        var page = await QueryHarness.List(_node.Index, TaskQuery.All.WithSelector(LabelSelector.ForLabels(("case", "ryw"))));
        var listed = Assert.Single(page.Items);
        Assert.True(listed.Metadata.ResourceVersion >= accepted.Task.Metadata.ResourceVersion);
    }
}
