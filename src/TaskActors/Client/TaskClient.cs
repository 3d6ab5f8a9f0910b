using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Specs;
using TaskActors.Node;
using TaskActors.Queries;
using TaskActors.Slots;
using static TaskActors.Queries.QueryProtocol;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Client;

/// <summary>
/// <see cref="ITaskClient"/> over Ask: commands, get and runs go to the task region as
/// <see cref="TaskEnvelope"/>s, list and watch to the read-side index (<see cref="TaskIndexClient"/>). Every Ask
/// waits at most <see cref="Timeout"/>. Ids are checked here first (<see cref="TaskId.Check"/>), so a malformed id
/// answers <c>Invalid</c> without a round trip.
/// </summary>
public sealed class TaskClient : ITaskClient
{
    /// <summary>The Ask timeout when none is given: 30 seconds (it covers an index rebuild at node start).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system;
    private readonly IActorRef _region;
    private readonly IActorRef _index;
    private readonly IActorRef? _slots;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client.</summary>
    /// <param name="system">The node's actor system (watch subscribers are created in it; a terminated system is a fault).</param>
    /// <param name="region">The task region (<see cref="TaskActorsNode.Region"/>).</param>
    /// <param name="index">The read-side index (<see cref="TaskActorsNode.Index"/>).</param>
    /// <param name="timeout">How long each call waits for its answer; null = <see cref="DefaultTimeout"/>.</param>
    /// <param name="timeProvider">The clock of generated ids; null = <see cref="TimeProvider.System"/>.</param>
    /// <param name="slots">The slot region (<see cref="TaskActorsNode.Slots"/>) for <see cref="SlotAsync"/>; null = slots cannot be asked.</param>
    public TaskClient(ActorSystem system, IActorRef region, IActorRef index, TimeSpan? timeout = null, TimeProvider? timeProvider = null, IActorRef? slots = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(index);
        var effective = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(effective, TimeSpan.Zero, nameof(timeout));
        _system = system;
        _region = region;
        _index = index;
        _slots = slots;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Timeout = effective;
    }

    /// <summary>Creates a client of <paramref name="node"/>.</summary>
    public TaskClient(TaskActorsNode node, TimeSpan? timeout = null)
        : this((node ?? throw new ArgumentNullException(nameof(node))).System, node.Region, node.Index, timeout, slots: node.Slots)
    {
    }

    /// <summary>How long each call waits for its answer.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(TaskSpec spec, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TaskId taskId;
        if (id is null)
        {
            if (Slot.Check(spec.Slot.Value) is not null)
            {
                // No id can be made from a malformed slot: report the spec's own errors (the slot's among them).
                return new SubmitResult.Invalid(TaskSpecValidator.Validate(spec));
            }

            taskId = TaskIdGenerator.Next(spec.Slot, _timeProvider.GetUtcNow(), Random.Shared);
        }
        else if (IdErrors(id) is { } errors)
        {
            return new SubmitResult.Invalid(errors);
        }
        else
        {
            taskId = new TaskId(id);
        }

        using var activity = Telemetry.TaskActorsTelemetry.StartSubmit(taskId, spec);
        var result = ToSubmitResult(await AskTaskAsync(taskId, new Submit(spec, Activity.Current?.Id), cancellationToken).ConfigureAwait(false));
        Telemetry.TaskActorsTelemetry.EndSubmit(activity, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<GetResult> GetAsync(string id, CancellationToken cancellationToken = default) =>
        IdErrors(id) is { } errors
            ? new GetResult.Invalid(errors)
            : ToGetResult(await AskTaskAsync(new TaskId(id), Get.Instance, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<RunsResult> RunsAsync(string id, CancellationToken cancellationToken = default) =>
        IdErrors(id) is { } errors
            ? new RunsResult.Invalid(errors)
            : ToRunsResult(await AskTaskAsync(new TaskId(id), GetRuns.Instance, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<EventsResult> EventsAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new EventsResult.Invalid(errors);
        }

        EnsureRunning();
        var taskId = new TaskId(id);
        var events = await TaskEventsQuery.ReadAsync(_system, taskId, Timeout, cancellationToken).ConfigureAwait(false);
        return events is null ? new EventsResult.NotFound(taskId) : new EventsResult.Found(taskId, events);
    }

    /// <inheritdoc />
    public async Task<SlotResult> SlotAsync(string slot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (new Slot(slot).Validate("slot") is { } error)
        {
            return new SlotResult.Invalid([error]);
        }

        if (_slots is null)
        {
            throw new InvalidOperationException("this client was created without the slot region; create it with TaskClient(TaskActorsNode) to ask slots");
        }

        EnsureRunning();
        try
        {
            var view = await _slots.Ask<SlotProtocol.SlotView>(new SlotProtocol.SlotEnvelope(new Slot(slot), SlotProtocol.GetSlot.Instance), Timeout, cancellationToken)
                .ConfigureAwait(false);
            return new SlotResult.Found(view.Slot, view.Owner, view.Queue);
        }
        catch (AskTimeoutException e)
        {
            EnsureRunning();
            throw new TimeoutException($"slot '{slot}' did not answer within {Timeout.TotalSeconds:0.###} s", e);
        }
    }

    /// <inheritdoc />
    public async Task<CancelResult> CancelAsync(string id, long? expectedResourceVersion = null, string? reason = null, CancellationToken cancellationToken = default) =>
        IdErrors(id) is { } errors
            ? new CancelResult.Invalid(errors)
            : ToCancelResult(await AskTaskAsync(new TaskId(id), new Cancel(expectedResourceVersion, reason), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<DeleteResult> DeleteAsync(string id, long? expectedResourceVersion = null, CancellationToken cancellationToken = default) =>
        IdErrors(id) is { } errors
            ? new DeleteResult.Invalid(errors)
            : ToDeleteResult(await AskTaskAsync(new TaskId(id), new Delete(expectedResourceVersion), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<RerunResult> RerunAsync(string id, CancellationToken cancellationToken = default) =>
        IdErrors(id) is { } errors
            ? new RerunResult.Invalid(errors)
            : ToRerunResult(await AskTaskAsync(new TaskId(id), Rerun.Instance, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<ListResult> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureRunning();
        IQueryReply reply;
        try
        {
            reply = await TaskIndexClient.ListAsync(_index, query, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new TimeoutException($"the task index did not answer a list query within {Timeout.TotalSeconds:0.###} s", e);
        }

        return ToListResult(reply);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TaskWatchEvent> WatchAsync(string id, long? fromResourceVersion = null, CancellationToken cancellationToken = default) =>
        IdErrors(id, "watch.id") is { } errors
            ? Fail(new TaskWatchException("the watch query is invalid: " + string.Join("; ", errors), errors: errors))
            : WatchCore(new TaskId(id), null, fromResourceVersion, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<TaskWatchEvent> WatchAsync(TaskQuery? filter, CancellationToken cancellationToken = default) =>
        WatchCore(null, filter, null, cancellationToken);

    /// <summary>Maps the task's reply to a submit (internal for the mapping specs).</summary>
    internal static SubmitResult ToSubmitResult(ITaskReply reply) => reply switch
    {
        Accepted accepted => new SubmitResult.Accepted(accepted.Task),
        AlreadyExists existing => new SubmitResult.AlreadyExists(existing.Task),
        Rejected rejected => new SubmitResult.Rejected(rejected.Kind, rejected.Message),
        Invalid invalid => new SubmitResult.Invalid(invalid.Errors),
        _ => throw Unexpected(reply, "submit"),
    };

    /// <summary>Maps the task's reply to a get.</summary>
    internal static GetResult ToGetResult(ITaskReply reply) => reply switch
    {
        Found found => new GetResult.Found(found.Task),
        NotFound notFound => new GetResult.NotFound(notFound.Id),
        Invalid invalid => new GetResult.Invalid(invalid.Errors),
        DamagedHistory damaged => throw new TaskHistoryDamagedException(damaged.Id, damaged.Damage),
        _ => throw Unexpected(reply, "get"),
    };

    /// <summary>Maps the task's reply to a runs query.</summary>
    internal static RunsResult ToRunsResult(ITaskReply reply) => reply switch
    {
        RunList runs => new RunsResult.Found(runs.Id, runs.Runs),
        NotFound notFound => new RunsResult.NotFound(notFound.Id),
        Invalid invalid => new RunsResult.Invalid(invalid.Errors),
        DamagedHistory damaged => throw new TaskHistoryDamagedException(damaged.Id, damaged.Damage),
        _ => throw Unexpected(reply, "runs"),
    };

    /// <summary>Maps the task's reply to a cancel.</summary>
    internal static CancelResult ToCancelResult(ITaskReply reply) => reply switch
    {
        Accepted accepted => new CancelResult.Accepted(accepted.Task),
        NotFound notFound => new CancelResult.NotFound(notFound.Id),
        Conflict conflict => new CancelResult.Conflict(conflict.Id, conflict.ExpectedResourceVersion, conflict.ActualResourceVersion, conflict.Message),
        Rejected rejected => new CancelResult.Rejected(rejected.Kind, rejected.Message),
        Invalid invalid => new CancelResult.Invalid(invalid.Errors),
        _ => throw Unexpected(reply, "cancel"),
    };

    /// <summary>Maps the task's reply to a delete.</summary>
    internal static DeleteResult ToDeleteResult(ITaskReply reply) => reply switch
    {
        Deleted deleted => new DeleteResult.Deleted(deleted.Id),
        NotFound notFound => new DeleteResult.NotFound(notFound.Id),
        Conflict conflict => new DeleteResult.Conflict(conflict.Id, conflict.ExpectedResourceVersion, conflict.ActualResourceVersion, conflict.Message),
        Invalid invalid => new DeleteResult.Invalid(invalid.Errors),
        _ => throw Unexpected(reply, "delete"),
    };

    /// <summary>Maps the task's reply to a rerun.</summary>
    internal static RerunResult ToRerunResult(ITaskReply reply) => reply switch
    {
        Accepted accepted => new RerunResult.Accepted(accepted.Task),
        NotFound notFound => new RerunResult.NotFound(notFound.Id),
        Rejected rejected => new RerunResult.Rejected(rejected.Kind, rejected.Message),
        Invalid invalid => new RerunResult.Invalid(invalid.Errors),
        _ => throw Unexpected(reply, "rerun"),
    };

    /// <summary>Maps the index's reply to a list.</summary>
    internal static ListResult ToListResult(IQueryReply reply) => reply switch
    {
        TaskListed listed => new ListResult.Page(listed.Page.Items, listed.Page.Total, listed.Page.Continuation),
        QueryInvalid invalid => new ListResult.Invalid(invalid.Errors),
        _ => throw new InvalidOperationException($"unexpected reply {reply?.GetType().Name ?? "null"} to a list query"),
    };

    private static FieldError[]? IdErrors(string id, string path = "metadata.id")
    {
        ArgumentNullException.ThrowIfNull(id);
        return new TaskId(id).Validate(path) is { } error ? [error] : null;
    }

    private async Task<ITaskReply> AskTaskAsync(TaskId id, ITaskCommand command, CancellationToken cancellationToken)
    {
        EnsureRunning();
        try
        {
            return await _region.Ask<ITaskReply>(new TaskEnvelope(id, command), Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            EnsureRunning();
            throw new TimeoutException($"task '{id}' did not answer {command.GetType().Name} within {Timeout.TotalSeconds:0.###} s", e);
        }
    }

    private async IAsyncEnumerable<TaskWatchEvent> WatchCore(
        TaskId? id, TaskQuery? filter, long? fromResourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureRunning();
        var changes = TaskIndexClient.WatchAsync(_system, _index, id, filter, fromResourceVersion, Timeout, cancellationToken);
        await using var enumerator = changes.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (AskTimeoutException e)
            {
                EnsureRunning();
                throw new TimeoutException($"the task index did not start the watch within {Timeout.TotalSeconds:0.###} s", e);
            }

            yield return enumerator.Current;
        }
    }

    private static async IAsyncEnumerable<TaskWatchEvent> Fail(Exception exception)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        throw exception;
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    private void EnsureRunning()
    {
        if (_system.WhenTerminated.IsCompleted)
        {
            throw new ObjectDisposedException($"ActorSystem '{_system.Name}'", "the TaskActors actor system has terminated; the client cannot reach its tasks");
        }
    }

    private static InvalidOperationException Unexpected(ITaskReply reply, string what) =>
        new($"unexpected reply {reply?.GetType().Name ?? "null"} to a {what}");
}
