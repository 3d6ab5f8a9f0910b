using TaskActors.Client;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Policies;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Queries;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>One host for the class; every spec uses its own ids and slots.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public HostHarness Harness { get; } = new();

    public ITaskClient Client => Harness.Client;

    public async Task InitializeAsync() => await Harness.StartAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>The DI-registered <see cref="ITaskClient"/> against the hosted runtime: every command and query end to end.</summary>
public sealed class ClientEndToEndSpec(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ITaskClient _client = fixture.Client;

    private static TaskSpec Record(string slot, params (string Key, string Value)[] labels)
    {
        var builder = TaskSpec.Builder(slot, HandlerWorkload.Create("record"));
        foreach (var (key, value) in labels)
        {
            builder.Label(key, value);
        }

        return builder.Build();
    }

    private static TaskSpec Wait(string slot) => TaskSpec.Builder(slot, HandlerWorkload.Create("wait")).Build();

    [Fact]
    public async Task Submit_with_an_id_is_idempotent_and_without_one_generates_a_slot_prefixed_id()
    {
        var first = Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-submit"), "e2e-submit-1"));
        Assert.Equal("e2e-submit-1", first.Task.Id.Value);
        await fixture.Harness.WaitSettled("e2e-submit-1");

        var again = Assert.IsType<SubmitResult.AlreadyExists>(await _client.SubmitAsync(Record("e2e-submit-other"), "e2e-submit-1"));
        Assert.Equal("e2e-submit", again.Task.Spec.Slot.Value);
        Assert.True(again.TryGetTask(out var existing));
        Assert.Equal(TaskPhase.Succeeded, existing.Phase);

        var generated = Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-generated")));
        Assert.Matches("^e2e-generated-[0-9a-z]{26}$", generated.Task.Id.Value);
        var other = Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-generated-2")));
        Assert.NotEqual(generated.Task.Id, other.Task.Id);
    }

    [Fact]
    public async Task Invalid_ids_and_specs_come_back_as_field_errors()
    {
        var badId = Assert.IsType<SubmitResult.Invalid>(await _client.SubmitAsync(Record("e2e-invalid"), "bad/id"));
        Assert.Equal("metadata.id", Assert.Single(badId.Errors).Path);

        var badSpec = Record("e2e-invalid") with { TimeoutMs = 0 };
        var invalid = Assert.IsType<SubmitResult.Invalid>(await _client.SubmitAsync(badSpec, "e2e-invalid-1"));
        Assert.Contains(invalid.Errors, e => e.Path == "spec.timeoutMs");

        var badSlot = Record("e2e-invalid") with { Slot = new Model.Identity.Slot("bad/slot") };
        var slotErrors = Assert.IsType<SubmitResult.Invalid>(await _client.SubmitAsync(badSlot));
        Assert.Contains(slotErrors.Errors, e => e.Path == "spec.slot");

        Assert.IsType<GetResult.Invalid>(await _client.GetAsync("bad/id"));
        Assert.IsType<RunsResult.Invalid>(await _client.RunsAsync(""));
        Assert.IsType<CancelResult.Invalid>(await _client.CancelAsync("bad/id"));
        Assert.IsType<DeleteResult.Invalid>(await _client.DeleteAsync("bad/id"));
        Assert.IsType<RerunResult.Invalid>(await _client.RerunAsync("bad/id"));
        var watchError = await Assert.ThrowsAsync<TaskWatchException>(async () =>
        {
            await foreach (var unused in _client.WatchAsync("bad/id"))
            {
                Assert.Fail("no change expected for an invalid id");
            }
        });
        Assert.Equal("watch.id", Assert.Single(watchError.Errors).Path);
    }

    [Fact]
    public async Task Get_and_runs_answer_found_or_not_found()
    {
        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-get"), "e2e-get-1"));
        await fixture.Harness.WaitSettled("e2e-get-1");

        var found = Assert.IsType<GetResult.Found>(await _client.GetAsync("e2e-get-1"));
        Assert.Equal(TaskPhase.Succeeded, found.Task.Phase);
        var runs = Assert.IsType<RunsResult.Found>(await _client.RunsAsync("e2e-get-1"));
        var run = Assert.Single(runs.Runs);
        Assert.Equal(1, run.Attempt);
        Assert.Equal("handler", run.Runner);

        var missing = Assert.IsType<GetResult.NotFound>(await _client.GetAsync("e2e-get-missing"));
        Assert.Equal("e2e-get-missing", missing.Id.Value);
        Assert.IsType<RunsResult.NotFound>(await _client.RunsAsync("e2e-get-missing"));
        Assert.Equal("missing", (await _client.GetAsync("e2e-get-missing")).Match(_ => "found", _ => "missing", _ => "invalid"));
    }

    [Fact]
    public async Task List_filters_by_label_selector_slot_and_phase_and_pages_with_the_continuation()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record($"e2e-list-blue-{i}", ("e2e-team", "blue")), $"e2e-list-blue-{i}"));
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record($"e2e-list-red-{i}", ("e2e-team", "red")), $"e2e-list-red-{i}"));
        }

        for (var i = 0; i < 5; i++)
        {
            await fixture.Harness.WaitSettled($"e2e-list-blue-{i}");
        }

        var query = TaskQuery.All.WithSelector(LabelSelector.ForLabels(("e2e-team", "blue"))).WithPhases(TaskPhase.Succeeded).WithLimit(2);
        var seen = new List<string>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = Assert.IsType<ListResult.Page>(await _client.ListAsync(query.WithContinuation(continuation)));
            Assert.Equal(5, page.Total);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(t => t.Id.Value));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"e2e-list-blue-{i}"), seen);

        var bySlot = Assert.IsType<ListResult.Page>(await _client.ListAsync(TaskQuery.All.WithSlot("e2e-list-red-1")));
        Assert.Equal("e2e-list-red-1", Assert.Single(bySlot.Items).Id.Value);

        var exhausted = TaskQuery.All.WithSelector(LabelSelector.ForLabels(("e2e-team", "blue"))).WithPhases(TaskPhase.Exhausted);
        var none = Assert.IsType<ListResult.Page>(await _client.ListAsync(exhausted));
        Assert.Equal(0, none.Total);

        var invalid = Assert.IsType<ListResult.Invalid>(await _client.ListAsync(TaskQuery.All.WithLimit(0)));
        Assert.Equal("query.limit", Assert.Single(invalid.Errors).Path);
    }

    [Fact]
    public async Task Cancel_with_a_stale_resource_version_conflicts_and_with_the_current_one_cancels()
    {
        var accepted = Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Wait("e2e-cancel"), "e2e-cancel-1"));
        var running = await fixture.Harness.WaitFor("e2e-cancel-1", t => t.Phase == TaskPhase.Running, "running");
        var stale = running.Metadata.ResourceVersion - 1;

        var conflict = Assert.IsType<CancelResult.Conflict>(await _client.CancelAsync("e2e-cancel-1", stale));
        Assert.Equal(stale, conflict.Expected);
        Assert.Equal(running.Metadata.ResourceVersion, conflict.Actual);
        Assert.Equal(TaskPhase.Running, Assert.IsType<GetResult.Found>(await _client.GetAsync("e2e-cancel-1")).Task.Phase);

        var canceled = Assert.IsType<CancelResult.Accepted>(await _client.CancelAsync("e2e-cancel-1", running.Metadata.ResourceVersion, "test says stop"));
        Assert.Equal(TaskPhase.Canceled, canceled.Task.Phase);
        Assert.Equal("test says stop", canceled.Task.Status.Error);
        Assert.True(accepted.Task.Metadata.ResourceVersion < canceled.Task.Metadata.ResourceVersion);

        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-cancel-done"), "e2e-cancel-2"));
        await fixture.Harness.WaitSettled("e2e-cancel-2");
        var wrongPhase = Assert.IsType<CancelResult.Rejected>(await _client.CancelAsync("e2e-cancel-2"));
        Assert.Equal(RejectionKind.WrongPhase, wrongPhase.Kind);
        Assert.IsType<CancelResult.NotFound>(await _client.CancelAsync("e2e-cancel-missing"));
    }

    [Fact]
    public async Task Delete_removes_a_running_task_and_retires_its_id()
    {
        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Wait("e2e-delete"), "e2e-delete-1"));
        await fixture.Harness.WaitFor("e2e-delete-1", t => t.Phase == TaskPhase.Running, "running");

        var deleted = Assert.IsType<DeleteResult.Deleted>(await _client.DeleteAsync("e2e-delete-1"));
        Assert.Equal("e2e-delete-1", deleted.Id.Value);

        // Runtime race (reported, Tasks/TaskActor.Lifecycle FinishPurge): the TaskActor answers Deleted before it tells
        // the region that it stops, so a command sent right after Deleted can reach the stopping actor and go unanswered.
        // Until that is fixed, ask with a short timeout until the region has a fresh incarnation that answers NotFound.
        var quick = new TaskClient(await fixture.Harness.Runtime.WhenStartedAsync(), TimeSpan.FromSeconds(1));
        await Eventually.Until(
            async () =>
            {
                try
                {
                    return await quick.GetAsync("e2e-delete-1") is GetResult.NotFound;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            },
            "a get after the delete answered NotFound");
        Assert.IsType<DeleteResult.NotFound>(await _client.DeleteAsync("e2e-delete-1"));
        var retired = Assert.IsType<SubmitResult.Rejected>(await _client.SubmitAsync(Record("e2e-delete"), "e2e-delete-1"));
        Assert.Equal(RejectionKind.IdRetired, retired.Kind);
    }

    [Fact]
    public async Task Rerun_starts_a_settled_task_again_and_is_rejected_while_it_is_active()
    {
        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record("e2e-rerun"), "e2e-rerun-1"));
        await fixture.Harness.WaitSettled("e2e-rerun-1");

        Assert.IsType<RerunResult.Accepted>(await _client.RerunAsync("e2e-rerun-1"));
        var task = await fixture.Harness.WaitFor("e2e-rerun-1", t => HostHarness.IsSettled(t) && t.Status.Attempt == 2, "settled after attempt 2");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.Equal(2, Assert.IsType<RunsResult.Found>(await _client.RunsAsync("e2e-rerun-1")).Runs.Count);

        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Wait("e2e-rerun-active"), "e2e-rerun-2"));
        await fixture.Harness.WaitFor("e2e-rerun-2", t => t.Phase == TaskPhase.Running, "running");
        var rejected = Assert.IsType<RerunResult.Rejected>(await _client.RerunAsync("e2e-rerun-2"));
        Assert.Equal(RejectionKind.WrongPhase, rejected.Kind);
        Assert.IsType<RerunResult.NotFound>(await _client.RerunAsync("e2e-rerun-missing"));
        Assert.IsType<CancelResult.Accepted>(await _client.CancelAsync("e2e-rerun-2"));
    }

    [Fact]
    public async Task Watch_by_id_from_version_zero_delivers_every_change_of_a_task_in_order()
    {
        var spec = TaskSpec.Builder("e2e-watch", HandlerWorkload.Create("flaky"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 20, 20, 1)).Build();
        Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(spec, "e2e-watch-1"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changes = new List<QueryChange>();
        await foreach (var change in _client.WatchAsync("e2e-watch-1", fromResourceVersion: 0, timeout.Token))
        {
            changes.Add(new QueryChange(change.Task.Metadata.ResourceVersion, change.Event, change.Task));
            if (change.Task.Phase == TaskPhase.Succeeded)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, changes.Count).Select(v => (long)v), changes.Select(c => c.Version));
        Assert.IsType<TaskCreated>(changes[0].Event);
        Assert.Equal(3, changes.Count(c => c.Event is AttemptStarted));
        Assert.Equal(2, changes.Count(c => c.Event is RetryScheduled));
        Assert.Equal(3, changes[^1].Task.Status.Attempt);
        var final = Assert.IsType<GetResult.Found>(await _client.GetAsync("e2e-watch-1")).Task;
        Assert.Equal(final.Metadata.ResourceVersion, changes[^1].Version);
    }

    [Fact]
    public async Task Watch_by_query_sees_the_changes_of_matching_tasks_only()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var filter = TaskQuery.All.WithSelector(LabelSelector.ForLabels(("e2e-watch", "q")));
        await using var changes = _client.WatchAsync(filter, timeout.Token).GetAsyncEnumerator(timeout.Token);
        // A ValueTask may be awaited once only, so the first move is turned into a Task once and that Task is awaited.
        var first = changes.MoveNextAsync().AsTask();

        // The watch is registered when the index answers the first MoveNextAsync; a submit may race that, so each round
        // submits a matching and a non-matching task until a change arrives.
        var round = 0;
        while (!first.IsCompleted)
        {
            var id = $"e2e-watch-q-{round}";
            Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record($"e2e-watch-other-{round}"), $"e2e-watch-other-{round}"));
            Assert.IsType<SubmitResult.Accepted>(await _client.SubmitAsync(Record(id, ("e2e-watch", "q")), id));
            round++;
            // Wait on a condition, not a clock: either the watch delivered, or this round's task settled (then the
            // watch may have registered after it, and the next round tries again).
            await Task.WhenAny(first, HostHarness.WaitFor(_client, id, HostHarness.IsSettled, "settled"));
        }

        Assert.True(await first);
        var seen = new List<TaskWatchEventView>();
        var current = changes.Current;
        while (true)
        {
            seen.Add(new TaskWatchEventView(current.Task.Id.Value, current.Task.Metadata.ResourceVersion));
            if (HostHarness.IsSettled(current.Task))
            {
                break;
            }

            Assert.True(await changes.MoveNextAsync());
            current = changes.Current;
        }

        Assert.All(seen, s => Assert.StartsWith("e2e-watch-q-", s.Id, StringComparison.Ordinal));
        foreach (var perTask in seen.GroupBy(s => s.Id))
        {
            var versions = perTask.Select(s => s.Version).ToList();
            Assert.Equal(Enumerable.Range((int)versions[0], versions.Count).Select(v => (long)v), versions);
        }
    }

    private sealed record QueryChange(long Version, ITaskEvent Event, TaskResource Task);

    private sealed record TaskWatchEventView(string Id, long Version);
}
