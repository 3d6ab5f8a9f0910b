using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;

namespace TaskActors.Tasks;

/// <summary>
/// The messages of a task: commands and queries a client sends (wrapped in a <see cref="TaskEnvelope"/> addressed by
/// task id), and the replies the TaskActor sends back. One container, next to the actor, as Akka does it.
/// </summary>
public static class TaskProtocol
{
    /// <summary>Marker of everything a client may send to a task.</summary>
    public interface ITaskCommand;

    /// <summary>Marker of every reply a task sends.</summary>
    public interface ITaskReply;

    /// <summary>
    /// Addresses <paramref name="Message"/> to the task <paramref name="Id"/>. The task region creates the TaskActor on
    /// demand; under cluster sharding the same envelope is the shard message.
    /// </summary>
    /// <param name="Id">The task id (its persistence id is <c>task-{id}</c>).</param>
    /// <param name="Message">The command or query.</param>
    public sealed record TaskEnvelope(TaskId Id, ITaskCommand Message);

    /// <summary>Create the task with <paramref name="Spec"/> (idempotent: an existing id answers <see cref="AlreadyExists"/>).</summary>
    /// <param name="Spec">The spec; validated again by the task.</param>
    /// <param name="TraceParent">The submitter's W3C traceparent, stored in <c>TaskCreated</c> so attempt spans link to it.</param>
    public sealed record Submit(TaskSpec Spec, string? TraceParent = null) : ITaskCommand;

    /// <summary>Answer the task as it is now: <see cref="Found"/> or <see cref="NotFound"/> (read-your-writes).</summary>
    public sealed record Get : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static Get Instance { get; } = new();
    }

    /// <summary>Answer the task's run records, oldest first: <see cref="RunList"/> or <see cref="NotFound"/>.</summary>
    public sealed record GetRuns : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static GetRuns Instance { get; } = new();
    }

    /// <summary>
    /// Cancel the task (it ends Canceled; a running attempt is stopped). With <paramref name="ExpectedResourceVersion"/>
    /// a mismatch answers <see cref="Conflict"/> and changes nothing.
    /// </summary>
    /// <param name="ExpectedResourceVersion">The resourceVersion the caller last saw, or null to cancel regardless.</param>
    /// <param name="Reason">Recorded as the task's error; default <c>canceled by client</c>.</param>
    public sealed record Cancel(long? ExpectedResourceVersion = null, string? Reason = null) : ITaskCommand;

    /// <summary>
    /// Delete the task: cancel it if active, then remove its events and snapshots. Answers <see cref="Deleted"/>. With
    /// <paramref name="ExpectedResourceVersion"/> a mismatch answers <see cref="Conflict"/> and changes nothing.
    /// </summary>
    /// <param name="ExpectedResourceVersion">The resourceVersion the caller last saw, or null to delete regardless.</param>
    public sealed record Delete(long? ExpectedResourceVersion = null) : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static Delete Instance { get; } = new();
    }

    /// <summary>Run a settled task again as a new failure streak (attempt numbers continue). Answers <see cref="Accepted"/>.</summary>
    public sealed record Rerun : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static Rerun Instance { get; } = new();
    }

    /// <summary>Slot → task: you own the slot now; start (persists TaskAdmitted, then the first attempt). Not for clients.</summary>
    internal sealed record Admit : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static Admit Instance { get; } = new();
    }

    /// <summary>Slot → task: are you settled? Answered with <see cref="Settlement"/>. Used by a slot after its restart.</summary>
    internal sealed record GetSettlement : ITaskCommand
    {
        /// <summary>The one instance.</summary>
        public static GetSettlement Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="GetSettlement"/>.</summary>
    /// <param name="Id">The task.</param>
    /// <param name="Exists">False when there is no such task (never created, or deleted).</param>
    /// <param name="Settled">True when nothing of it runs or is scheduled.</param>
    /// <param name="Admitted">False while it waits in its slot's queue.</param>
    internal sealed record Settlement(TaskId Id, bool Exists, bool Settled, bool Admitted) : ITaskReply;

    /// <summary>The command was accepted; <paramref name="Task"/> is the task after it.</summary>
    public sealed record Accepted(TaskResource Task) : ITaskReply;

    /// <summary>A submit for an id that exists: nothing changed; <paramref name="Task"/> is the existing task.</summary>
    public sealed record AlreadyExists(TaskResource Task) : ITaskReply;

    /// <summary>The answer to <see cref="Get"/>.</summary>
    public sealed record Found(TaskResource Task) : ITaskReply;

    /// <summary>The answer to <see cref="GetRuns"/>.</summary>
    public sealed record RunList(TaskId Id, IReadOnlyList<TaskRun> Runs) : ITaskReply;

    /// <summary>No task has this id.</summary>
    public sealed record NotFound(TaskId Id) : ITaskReply;

    /// <summary>The caller's expected resourceVersion is not the task's.</summary>
    public sealed record Conflict(TaskId Id, long ExpectedResourceVersion, long ActualResourceVersion, string Message) : ITaskReply;

    /// <summary>The spec broke rules; every broken rule is listed with its path.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ITaskReply;

    /// <summary>The command cannot be carried out; <paramref name="Kind"/> says why, <paramref name="Message"/> in words.</summary>
    public sealed record Rejected(RejectionKind Kind, string Message) : ITaskReply
    {
        /// <summary>The reply for <paramref name="rejection"/>.</summary>
        public static Rejected From(Rejection rejection) => new((rejection ?? throw new ArgumentNullException(nameof(rejection))).Kind, rejection.Message);
    }

    /// <summary>
    /// The task's stored history is damaged before any readable <c>TaskCreated</c>: there is no task state to show
    /// (a task with a readable start answers <see cref="Found"/> with its status flagged instead).
    /// </summary>
    internal sealed record DamagedHistory(TaskId Id, TaskDamage Damage) : ITaskReply;

    /// <summary>The task was deleted: it no longer exists and its history is removed.</summary>
    public sealed record Deleted(TaskId Id) : ITaskReply;
}
