using TaskActors.Model.Queries;
using TaskActors.Model.Specs;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Client;

/// <summary>
/// The typed client of a TaskActors node: commands and queries as async methods. Expected outcomes (not found, a
/// stale resourceVersion, a rejection with its kind, field errors, an existing id) come back as typed results; only
/// faults throw: <see cref="TimeoutException"/> when the node does not answer in time, <see cref="ObjectDisposedException"/>
/// when its actor system has terminated, <see cref="OperationCanceledException"/> when the caller's token fires.
/// </summary>
/// <remarks>
/// Implemented by <see cref="TaskClient"/> over Ask (the task region for commands and get/runs, the read-side index for
/// list and watch). In a host, resolve it from DI (TaskActors.Hosting registers it). Thread-safe.
/// </remarks>
public interface ITaskClient
{
    /// <summary>
    /// Submits a task with <paramref name="spec"/> under <paramref name="id"/>, or under a new id
    /// <c>{slot}-{sortable suffix}</c> when <paramref name="id"/> is null. Idempotent per id: an existing id answers
    /// <see cref="SubmitResult.AlreadyExists"/> and changes nothing, so retrying a submit with the same id is safe.
    /// </summary>
    Task<SubmitResult> SubmitAsync(TaskSpec spec, string? id = null, CancellationToken cancellationToken = default);

    /// <summary>Gets task <paramref name="id"/> as it is now (read-your-writes).</summary>
    Task<GetResult> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets the run records (one per attempt, oldest first) of task <paramref name="id"/>.</summary>
    Task<RunsResult> RunsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the journal of task <paramref name="id"/>, event by event (the audit trail its state is rebuilt from), read
    /// from the store through the node's read journal: every change this node acknowledged is in it, back to the
    /// journal retention's bound (the events of the last <c>task-actors.runtime.retain-runs</c> runs and later).
    /// </summary>
    Task<EventsResult> EventsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets slot <paramref name="slot"/>'s owner and queue, as its SlotActor holds them now.</summary>
    Task<SlotResult> SlotAsync(string slot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists tasks matching <paramref name="query"/> (slot, phases OR-ed, label selector; ordered by id; one page after
    /// the query's continuation token). Use <see cref="TaskQuery.All"/> and its <c>With*</c> methods to build queries.
    /// </summary>
    Task<ListResult> ListAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels task <paramref name="id"/>: it ends Canceled with <paramref name="reason"/> (default
    /// <c>canceled by client</c>) and a running attempt is stopped. With <paramref name="expectedResourceVersion"/>,
    /// a task at another version answers <see cref="CancelResult.Conflict"/> and is left alone.
    /// </summary>
    Task<CancelResult> CancelAsync(string id, long? expectedResourceVersion = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes task <paramref name="id"/>: cancels it if active, then removes its history. Its id is never reused. With
    /// <paramref name="expectedResourceVersion"/>, a task at another version answers <see cref="DeleteResult.Conflict"/>
    /// and is left alone.
    /// </summary>
    Task<DeleteResult> DeleteAsync(string id, long? expectedResourceVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Runs settled task <paramref name="id"/> again as a new failure streak (attempt numbers continue).</summary>
    Task<RerunResult> RerunAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every change of task <paramref name="id"/>, in order, without gaps or duplicates, until the caller stops
    /// enumerating (or cancels). With <paramref name="fromResourceVersion"/> the changes after that version are
    /// replayed first (pass the version of a task you got, to miss nothing after it); without it the stream starts
    /// with the next change.
    /// </summary>
    /// <remarks>
    /// The enumeration throws <see cref="Queries.TaskWatchException"/> when the id is malformed
    /// (<see cref="Queries.TaskWatchException.Errors"/>), when the consumer fell behind by more than the watch buffer
    /// (<see cref="Queries.TaskWatchException.Overflowed"/>: get the task and watch again from its version), or when the
    /// watch ended otherwise (the task was deleted, the node is stopping).
    /// </remarks>
    IAsyncEnumerable<TaskWatchEvent> WatchAsync(string id, long? fromResourceVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the changes of every task matching <paramref name="filter"/> (slot, phases, selector; limit and
    /// continuation are ignored; null = all tasks), in order per task, from the next change on. A change that takes a
    /// task out of the filter is delivered too. Throws like <see cref="WatchAsync(string, long?, CancellationToken)"/>
    /// (an invalid filter: <see cref="Queries.TaskWatchException.Errors"/>).
    /// </summary>
    IAsyncEnumerable<TaskWatchEvent> WatchAsync(TaskQuery? filter, CancellationToken cancellationToken = default);
}
