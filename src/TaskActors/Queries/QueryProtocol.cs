using Akka.Actor;
using Akka.Event;
using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;

namespace TaskActors.Queries;

/// <summary>
/// The messages of the read side: list and watch queries a client sends to the node's <see cref="TaskIndex"/>, the
/// replies, and the watch stream's messages to a subscriber. One container, next to the actor, as Akka does it.
/// </summary>
/// <remarks>
/// A watch is a stream of <see cref="TaskWatchEvent"/>s delivered to the subscriber in <see cref="TaskWatchBatch"/>es,
/// with flow control: after a batch the subscriber answers <see cref="WatchAck"/> to the batch's sender (the watch),
/// and only then gets the next batch. Changes wait in a bounded per-watch buffer meanwhile; a subscriber that lets it
/// fill is sent <see cref="WatchOverflowed"/> and the watch ends, so changes are never lost silently.
/// </remarks>
public static class QueryProtocol
{
    /// <summary>Marker of everything a client may send to the index.</summary>
    public interface IQueryCommand;

    /// <summary>Marker of every direct reply of the index.</summary>
    public interface IQueryReply;

    /// <summary>
    /// Marker of every message a watch sends to its subscriber. A watch whose consumer just stopped sends to a subscriber
    /// that is gone: that is the normal end of a watch, so these are never logged as dead letters.
    /// </summary>
    public interface IWatchMessage : IDeadLetterSuppression;

    /// <summary>
    /// List tasks: filters ANDed (slot, any of the phases, label selector), ordered by id (ordinal), one page after the
    /// query's continuation, with the total count. Answers <see cref="TaskListed"/> or <see cref="QueryInvalid"/>.
    /// </summary>
    /// <param name="Query">The query; checked with <see cref="TaskQuery.Validate"/>.</param>
    public sealed record ListTasks(TaskQuery Query) : IQueryCommand;

    /// <summary>The answer to <see cref="ListTasks"/>.</summary>
    /// <param name="Page">The items (at most the query's limit, capped at 1000), the total and the next page's token.</param>
    public sealed record TaskListed(TaskPage<TaskResource> Page) : IQueryReply;

    /// <summary>The query broke rules; every broken rule is listed with its path (<c>query.limit</c>, <c>watch.id</c>, ...).</summary>
    public sealed record QueryInvalid(IReadOnlyList<FieldError> Errors) : IQueryReply;

    /// <summary>
    /// Start a watch: every change of the task <paramref name="Id"/> (if given) that matches <paramref name="Filter"/>
    /// (if given) is delivered to <paramref name="Subscriber"/> as <see cref="TaskWatchEvent"/>s, in order per task,
    /// without gaps or duplicates. Answers <see cref="WatchStarted"/> or <see cref="QueryInvalid"/> to the sender.
    /// </summary>
    /// <remarks>
    /// With a filter, a change is delivered when the task matches the filter after it or matched before it (so the
    /// change that takes a task out of the set is seen); the filter's limit and continuation are ignored.
    /// With <paramref name="FromResourceVersion"/> (only together with <paramref name="Id"/>), the task's events after
    /// that version are first replayed from the journal, then the watch continues live with no gap or duplicate at the
    /// seam; without it the watch starts with the next change.
    /// </remarks>
    /// <param name="Id">Only this task; null = every task.</param>
    /// <param name="Filter">Only tasks matching this query's slot, phases and selector; null = no filter.</param>
    /// <param name="FromResourceVersion">Replay the task's changes after this resourceVersion first (needs <paramref name="Id"/>).</param>
    /// <param name="Subscriber">Receives the <see cref="IWatchMessage"/>s.</param>
    public sealed record WatchTasks(TaskId? Id, TaskQuery? Filter, long? FromResourceVersion, IActorRef Subscriber) : IQueryCommand;

    /// <summary>The watch runs; <paramref name="Watch"/> is the actor that sends the batches (and takes the acks).</summary>
    public sealed record WatchStarted(IActorRef Watch) : IQueryReply;

    /// <summary>One change of one task: the task after the event, and the event.</summary>
    /// <param name="Task">The task after <paramref name="Event"/> (its resourceVersion is the event's).</param>
    /// <param name="Event">The journal event.</param>
    public sealed record TaskWatchEvent(TaskResource Task, ITaskEvent Event);

    /// <summary>
    /// The next changes of a watch, oldest first. Answer <see cref="WatchAck"/> to the sender (the watch) to get the
    /// next batch; until then the watch buffers (see <see cref="WatchOverflowed"/>).
    /// </summary>
    public sealed record TaskWatchBatch(IReadOnlyList<TaskWatchEvent> Events) : IWatchMessage;

    /// <summary>Subscriber → watch: the last batch is processed; send the next (not a dead letter when the watch already ended).</summary>
    public sealed record WatchAck : IDeadLetterSuppression
    {
        /// <summary>The one instance.</summary>
        public static WatchAck Instance { get; } = new();
    }

    /// <summary>
    /// The subscriber fell behind: its buffer (<c>task-actors.queries.watch.buffer-size</c> changes) filled up before it
    /// acknowledged. The watch has ended; list again and watch again (per task: from the last resourceVersion seen).
    /// </summary>
    public sealed record WatchOverflowed(string Reason) : IWatchMessage;

    /// <summary>
    /// The watch ended for another reason: <see cref="Unwatch"/>, the watched task's history is gone (deleted), a
    /// replay failed, or the index stopped. Nothing more is sent.
    /// </summary>
    public sealed record WatchEnded(string Reason) : IWatchMessage;

    /// <summary>End every watch of <paramref name="Subscriber"/> (each sends it <see cref="WatchEnded"/>). A watch also ends when its subscriber stops.</summary>
    public sealed record Unwatch(IActorRef Subscriber) : IQueryCommand, IDeadLetterSuppression;

    /// <summary>Answer <see cref="IndexStatus"/> at once (also while the index is rebuilding).</summary>
    public sealed record GetIndexStatus : IQueryCommand
    {
        /// <summary>The one instance.</summary>
        public static GetIndexStatus Instance { get; } = new();
    }

    /// <summary>The index's state.</summary>
    /// <param name="Tasks">Tasks listed (existing, not deleted).</param>
    /// <param name="Rebuilt">True once the rebuild from the store finished (queries are answered from then on).</param>
    /// <param name="LastOffset">The journal ordering of the last event read from the store.</param>
    public sealed record IndexStatus(int Tasks, bool Rebuilt, long LastOffset) : IQueryReply;
}
