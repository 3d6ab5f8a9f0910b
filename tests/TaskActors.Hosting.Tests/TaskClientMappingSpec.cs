using Akka.Actor;
using TaskActors.Client;
using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using static TaskActors.Queries.QueryProtocol;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Hosting.Tests;

/// <summary>
/// <see cref="TaskClient"/> against stand-in actors that answer canned replies: every reply maps to its typed result,
/// malformed ids never reach the region, and only faults (no answer, an unexpected answer, a dead system) throw.
/// </summary>
public sealed class TaskClientMappingSpec : IAsyncLifetime
{
    private static readonly TaskSpec Spec = TaskSpec.Builder("map", HandlerWorkload.Create("h")).Build();
    private static readonly TaskResource Resource = TaskResource.Create(new TaskId("map-1"), Spec, DateTimeOffset.UnixEpoch);
    private static readonly FieldError Error = new("spec.timeoutMs", "must be greater than zero", ">= 1");

    private readonly ActorSystem _system = ActorSystem.Create("mapping", "akka.loglevel = WARNING");
    private readonly List<object> _received = [];
    private Func<object, object?> _answer = _ => null;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.Terminate();

    private TaskClient Client(TimeSpan? timeout = null)
    {
        Func<object, object?> answer = m =>
        {
            lock (_received)
            {
                _received.Add(m);
            }

            return _answer(m);
        };
        var stand = _system.ActorOf(Props.Create(() => new StandIn(answer)));
        return new TaskClient(_system, stand, stand, timeout ?? TimeSpan.FromSeconds(5));
    }

    private void Answer(Func<object, object?> answer) => _answer = answer;

    [Fact]
    public async Task Submit_replies_map_to_their_cases()
    {
        var client = Client();
        Answer(_ => new Accepted(Resource));
        Assert.Equal(Resource, Assert.IsType<SubmitResult.Accepted>(await client.SubmitAsync(Spec, "map-1")).Task);
        Answer(_ => new AlreadyExists(Resource));
        Assert.Equal(Resource, Assert.IsType<SubmitResult.AlreadyExists>(await client.SubmitAsync(Spec, "map-1")).Task);
        Answer(_ => new Rejected(RejectionKind.SlotBusy, "busy"));
        var rejected = Assert.IsType<SubmitResult.Rejected>(await client.SubmitAsync(Spec, "map-1"));
        Assert.Equal((RejectionKind.SlotBusy, "busy"), (rejected.Kind, rejected.Message));
        Answer(_ => new Invalid([Error]));
        Assert.Equal([Error], Assert.IsType<SubmitResult.Invalid>(await client.SubmitAsync(Spec, "map-1")).Errors);

        var envelope = Assert.IsType<TaskEnvelope>(_received[0]);
        Assert.Equal(new TaskId("map-1"), envelope.Id);
        Assert.Equal(new Submit(Spec), envelope.Message);
        Assert.Equal("rejected busy", rejected.Match(_ => "accepted", _ => "exists", r => $"rejected {r.Message}", _ => "invalid"));
    }

    [Fact]
    public async Task Submit_without_an_id_generates_one_from_the_slot()
    {
        var client = Client();
        Answer(_ => new Accepted(Resource));
        await client.SubmitAsync(Spec);
        var envelope = Assert.IsType<TaskEnvelope>(Assert.Single(_received));
        Assert.Matches("^map-[0-9a-z]{26}$", envelope.Id.Value);
    }

    [Fact]
    public async Task Get_runs_cancel_delete_and_rerun_replies_map_to_their_cases()
    {
        var client = Client();
        var id = new TaskId("map-1");
        Answer(_ => new Found(Resource));
        Assert.Equal(Resource, Assert.IsType<GetResult.Found>(await client.GetAsync("map-1")).Task);
        Answer(_ => new NotFound(id));
        Assert.Equal(id, Assert.IsType<GetResult.NotFound>(await client.GetAsync("map-1")).Id);
        Assert.IsType<RunsResult.NotFound>(await client.RunsAsync("map-1"));
        Assert.IsType<CancelResult.NotFound>(await client.CancelAsync("map-1"));
        Assert.IsType<DeleteResult.NotFound>(await client.DeleteAsync("map-1"));
        Assert.IsType<RerunResult.NotFound>(await client.RerunAsync("map-1"));

        var run = new TaskRun(1, TaskPhase.Succeeded, DateTimeOffset.UnixEpoch);
        Answer(_ => new RunList(id, [run]));
        Assert.Equal([run], Assert.IsType<RunsResult.Found>(await client.RunsAsync("map-1")).Runs);

        Answer(_ => new Conflict(id, 3, 5, "stale"));
        var conflict = Assert.IsType<CancelResult.Conflict>(await client.CancelAsync("map-1", 3, "why"));
        Assert.Equal((3L, 5L, "stale"), (conflict.Expected, conflict.Actual, conflict.Message));
        Assert.Equal(new Cancel(3, "why"), Assert.IsType<TaskEnvelope>(_received[^1]).Message);
        Answer(_ => new Accepted(Resource));
        Assert.IsType<CancelResult.Accepted>(await client.CancelAsync("map-1"));
        Assert.IsType<RerunResult.Accepted>(await client.RerunAsync("map-1"));
        Answer(_ => new Rejected(RejectionKind.WrongPhase, "finished"));
        Assert.IsType<CancelResult.Rejected>(await client.CancelAsync("map-1"));
        Assert.IsType<RerunResult.Rejected>(await client.RerunAsync("map-1"));
        Answer(_ => new Deleted(id));
        Assert.Equal(id, Assert.IsType<DeleteResult.Deleted>(await client.DeleteAsync("map-1")).Id);
        Answer(_ => new Invalid([Error]));
        Assert.IsType<GetResult.Invalid>(await client.GetAsync("map-1"));
    }

    [Fact]
    public async Task List_replies_map_to_a_page_or_invalid()
    {
        var client = Client();
        Answer(_ => new TaskListed(new TaskPage<TaskResource>([Resource], 7, "next")));
        var page = Assert.IsType<ListResult.Page>(await client.ListAsync(TaskQuery.All));
        Assert.Equal([Resource], page.Items);
        Assert.Equal((7, "next"), (page.Total, page.Continuation));
        Answer(_ => new QueryInvalid([Error]));
        Assert.Equal([Error], Assert.IsType<ListResult.Invalid>(await client.ListAsync(TaskQuery.All)).Errors);
        Assert.Equal(new ListTasks(TaskQuery.All), _received[0]);
    }

    [Fact]
    public async Task Malformed_ids_are_answered_invalid_without_asking()
    {
        var client = Client();
        var invalid = Assert.IsType<SubmitResult.Invalid>(await client.SubmitAsync(Spec, "no spaces allowed"));
        Assert.Equal("metadata.id", Assert.Single(invalid.Errors).Path);
        Assert.IsType<GetResult.Invalid>(await client.GetAsync(new string('x', 300)));
        Assert.IsType<CancelResult.Invalid>(await client.CancelAsync(".."));
        var badSlot = Spec with { Slot = new Slot("a/b") };
        Assert.Contains(Assert.IsType<SubmitResult.Invalid>(await client.SubmitAsync(badSlot)).Errors, e => e.Path == "spec.slot");
        Assert.Empty(_received);
    }

    [Fact]
    public async Task Faults_throw_no_answer_a_timeout_an_unexpected_answer_and_a_dead_system()
    {
        var client = Client(TimeSpan.FromMilliseconds(300));
        Answer(_ => null);
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync("map-1"));
        await Assert.ThrowsAsync<TimeoutException>(() => client.ListAsync(TaskQuery.All));

        Answer(_ => new Deleted(new TaskId("map-1")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("map-1"));

        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("map-1", canceled.Token));

        await _system.Terminate();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("map-1"));
    }

    /// <summary>Answers every message with what the test's function returns (nothing for null).</summary>
    private sealed class StandIn : ReceiveActor
    {
        public StandIn(Func<object, object?> answer)
        {
            ReceiveAny(message =>
            {
                if (answer(message) is { } reply)
                {
                    Sender.Tell(reply);
                }
            });
        }
    }
}
