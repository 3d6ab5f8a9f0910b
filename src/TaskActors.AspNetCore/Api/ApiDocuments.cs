using System.Text.Json;
using System.Text.Json.Serialization;
using TaskActors.Model.Resources;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// The API's response documents (besides the task resource itself, which is the model's <see cref="TaskResource"/>
/// shape): Kubernetes-style lists with <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> and <c>items</c>. The server writes
/// them and <see cref="Client.HttpTaskClient"/> reads them, so both sides share one definition.
/// </summary>
public static class ApiDocuments
{
    /// <summary>The <c>apiVersion</c> of every document: <c>taskactors/v1</c>.</summary>
    public const string ApiVersion = TaskResource.ApiVersion;

    /// <summary>The JSON options of the documents (the web defaults: camelCase names).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary>One page of tasks (<c>GET /v1/tasks</c>): ordered by id, with the total and the next page's token.</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>TaskList</c>.</param>
/// <param name="Metadata">The total and the continue token.</param>
/// <param name="Items">The tasks of this page.</param>
public sealed record TaskList(string ApiVersion, string Kind, ListMeta Metadata, IReadOnlyList<TaskResource> Items);

/// <summary>The paging of a <see cref="TaskList"/>.</summary>
/// <param name="Continue">Pass as <c>continue</c> to get the next page; null on the last page.</param>
/// <param name="Total">How many tasks match in all.</param>
public sealed record ListMeta(string? Continue, int Total);

/// <summary>The attempts of one task (<c>GET /v1/tasks/{id}/runs</c>), oldest first.</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>RunList</c>.</param>
/// <param name="Metadata">Which task.</param>
/// <param name="Items">One run record per attempt.</param>
public sealed record RunList(string ApiVersion, string Kind, TaskRef Metadata, IReadOnlyList<TaskRun> Items);

/// <summary>The journal of one task (<c>GET /v1/tasks/{id}/events</c>): the audit trail, oldest first.</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>EventList</c>.</param>
/// <param name="Metadata">Which task.</param>
/// <param name="Items">Each event as stored.</param>
public sealed record EventList(string ApiVersion, string Kind, TaskRef Metadata, IReadOnlyList<EventItem> Items);

/// <summary>Names the task a list belongs to.</summary>
/// <param name="Id">The task id.</param>
public sealed record TaskRef(string Id);

/// <summary>One journal event: the task's resourceVersion after it, when it was written, its manifest and its stored JSON.</summary>
/// <param name="ResourceVersion">The event's sequence number (the task's resourceVersion after it).</param>
/// <param name="WrittenAt">When the journal stored it (RFC 3339, UTC).</param>
/// <param name="Manifest">The stored manifest (<c>attempt-started.v1</c>, ...).</param>
/// <param name="Event">The event exactly as stored.</param>
public sealed record EventItem(long ResourceVersion, string WrittenAt, string Manifest, JsonElement Event);

/// <summary>A slot's owner and queue (<c>GET /v1/slots/{slot}</c>).</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>Slot</c>.</param>
/// <param name="Metadata">The slot's name.</param>
/// <param name="Status">Owner and queue.</param>
public sealed record SlotDocument(string ApiVersion, string Kind, SlotMeta Metadata, SlotStatus Status);

/// <summary>The name of a slot.</summary>
/// <param name="Name">The slot name.</param>
public sealed record SlotMeta(string Name);

/// <summary>Who owns a slot and who waits for it.</summary>
/// <param name="Owner">The task that may run now; null = free.</param>
/// <param name="Queue">The tasks waiting, next first.</param>
public sealed record SlotStatus(string? Owner, IReadOnlyList<string> Queue);

/// <summary>What became of each task of a multi-task submit (<c>POST /v1/tasks</c> with several documents).</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>SubmitResultList</c>.</param>
/// <param name="Items">One per task, in the order of the manifest.</param>
public sealed record SubmitResultList(string ApiVersion, string Kind, IReadOnlyList<SubmitItem> Items);

/// <summary>What became of one submitted task.</summary>
/// <param name="Status">The HTTP status a single submit of it would have had (201, 409, 422, 429, 503).</param>
/// <param name="Result"><c>Created</c>, <c>AlreadyExists</c>, <c>Rejected</c> or <c>Invalid</c>.</param>
/// <param name="Task">The task (created, or the one that already existed).</param>
/// <param name="Reason">For <c>Rejected</c>: the rejection kind (<c>SlotBusy</c>, <c>QueueFull</c>, ...).</param>
/// <param name="Message">For <c>Rejected</c>: why, in words.</param>
/// <param name="Errors">For <c>Invalid</c>: every error with its path.</param>
public sealed record SubmitItem(
    int Status,
    string Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TaskResource? Task = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemError>? Errors = null);

/// <summary>One error of a problem document's <c>errors</c>: the JSON path, what is wrong, what is allowed, and where in the text.</summary>
/// <param name="Path">The JSON path (<c>spec.timeoutMs</c>, <c>[1].spec.slot</c>); empty for a document-level error.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Allowed">What the field accepts, when known.</param>
/// <param name="Line">1-based line in the submitted text, when it came from text.</param>
/// <param name="Column">1-based column in the submitted text, when it came from text.</param>
public sealed record ProblemError(
    string Path,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Allowed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column = null);

/// <summary>The result of a delete (<c>DELETE /v1/tasks/{id}</c>), as Kubernetes' <c>Status</c>.</summary>
/// <param name="ApiVersion"><c>taskactors/v1</c>.</param>
/// <param name="Kind"><c>Status</c>.</param>
/// <param name="Status"><c>Success</c>.</param>
/// <param name="Details">Which task.</param>
public sealed record StatusDocument(string ApiVersion, string Kind, string Status, TaskRef Details);

/// <summary>
/// One message of a watch stream (the <c>data</c> of a Server-Sent Event): <c>ADDED</c> (the task was created),
/// <c>MODIFIED</c>, <c>DELETED</c>, or <c>ERROR</c> (the watch ended: <see cref="Status"/> says why; <c>Overflowed</c> =
/// the client fell too far behind: get or list again and watch again from the last resourceVersion).
/// </summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c> or <c>ERROR</c>.</param>
/// <param name="Object">The task after the event.</param>
/// <param name="Event">The journal event behind the change.</param>
/// <param name="Status">For <c>ERROR</c>: why the watch ended.</param>
public sealed record WatchMessage(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TaskResource? Object = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WatchedEvent? Event = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WatchStatus? Status = null);

/// <summary>The journal event of a watch message.</summary>
/// <param name="ResourceVersion">The task's resourceVersion after it.</param>
/// <param name="Manifest">Its stored manifest.</param>
/// <param name="Data">The event as stored.</param>
public sealed record WatchedEvent(long ResourceVersion, string Manifest, JsonElement Data);

/// <summary>Why a watch ended.</summary>
/// <param name="Reason"><c>Overflowed</c> (the client fell behind) or <c>Ended</c> (the task was deleted, the node is stopping).</param>
/// <param name="Message">In words, with what to do.</param>
public sealed record WatchStatus(string Reason, string Message);
