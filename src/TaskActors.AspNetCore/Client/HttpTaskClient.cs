using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TaskActors.AspNetCore.Api;
using TaskActors.Client;
using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Persistence;
using TaskActors.Queries;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.AspNetCore.Client;

/// <summary>
/// <see cref="ITaskClient"/> over a node's HTTP API (<see cref="TaskActorsEndpointRouteBuilderExtensions.MapTaskActorsApi"/>):
/// the same typed results as the in-process client, from status codes and problem details; watches read the
/// Server-Sent Events stream. The command line tool's <c>--server URL</c> uses it; so can any .NET program that reaches
/// a node over the network. Faults throw: <see cref="HttpRequestException"/> (unreachable, unexpected answers) and
/// <see cref="TimeoutException"/> (the node answered 503: it did not answer in time or is stopping).
/// </summary>
public sealed class HttpTaskClient : ITaskClient
{
    private readonly HttpClient _http;
    private readonly string _api;

    /// <summary>Creates a client of the API at <paramref name="http"/>'s base address under <paramref name="apiPrefix"/>.</summary>
    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is the server (e.g. <c>http://127.0.0.1:5080/</c>); the caller owns it.</param>
    /// <param name="apiPrefix">Where the API is mapped (default <c>/api</c>).</param>
    public HttpTaskClient(HttpClient http, string apiPrefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(http.BaseAddress, "http.BaseAddress");
        _http = http;
        _api = "/" + apiPrefix.Trim('/') + "/v1";
    }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(TaskSpec spec, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (id is not null && IdErrors(id) is { } errors)
        {
            return new SubmitResult.Invalid(errors);
        }

        var document = new StringBuilder("{\"apiVersion\":\"").Append(TaskResource.ApiVersion).Append("\",\"kind\":\"Task\",");
        if (id is not null)
        {
            document.Append("\"metadata\":{\"id\":").Append(JsonSerializer.Serialize(id)).Append("},");
        }

        document.Append("\"spec\":").Append(TaskJson.Serialize(spec)).Append('}');
        using var content = new StringContent(document.ToString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_api + "/tasks", content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return new SubmitResult.Accepted(await ReadAsync<TaskResource>(response, cancellationToken).ConfigureAwait(false));
        }

        var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        return problem.Type switch
        {
            "already-exists" => await GetAsync(id ?? "", cancellationToken).ConfigureAwait(false) is GetResult.Found found
                ? new SubmitResult.AlreadyExists(found.Task)
                : throw Unexpected(response, problem),
            "rejected" => new SubmitResult.Rejected(problem.Reason, problem.Detail),
            "invalid" => new SubmitResult.Invalid(problem.Errors),
            _ => throw Unexpected(response, problem),
        };
    }

    /// <inheritdoc />
    public async Task<GetResult> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new GetResult.Invalid(errors);
        }

        using var response = await _http.GetAsync(TaskPath(id), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new GetResult.Found(await ReadAsync<TaskResource>(response, cancellationToken).ConfigureAwait(false))
            : await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
            {
                { Type: "not-found" } => new GetResult.NotFound(new TaskId(id)),
                { Type: "invalid" } p => new GetResult.Invalid(p.Errors),
                var p => throw Unexpected(response, p),
            };
    }

    /// <inheritdoc />
    public async Task<RunsResult> RunsAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new RunsResult.Invalid(errors);
        }

        using var response = await _http.GetAsync(TaskPath(id) + "/runs", cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new RunsResult.Found(new TaskId(id), (await ReadAsync<RunList>(response, cancellationToken).ConfigureAwait(false)).Items)
            : await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
            {
                { Type: "not-found" } => new RunsResult.NotFound(new TaskId(id)),
                { Type: "invalid" } p => new RunsResult.Invalid(p.Errors),
                var p => throw Unexpected(response, p),
            };
    }

    /// <inheritdoc />
    public async Task<EventsResult> EventsAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new EventsResult.Invalid(errors);
        }

        using var response = await _http.GetAsync(TaskPath(id) + "/events", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
            {
                { Type: "not-found" } => new EventsResult.NotFound(new TaskId(id)),
                { Type: "invalid" } p => new EventsResult.Invalid(p.Errors),
                var p => throw Unexpected(response, p),
            };
        }

        var list = await ReadAsync<EventList>(response, cancellationToken).ConfigureAwait(false);
        return new EventsResult.Found(new TaskId(id), [.. list.Items.Select(item =>
        {
            var json = item.Event.GetRawText();
            var @event = (ITaskEvent)TaskEventJson.FromBytes(Encoding.UTF8.GetBytes(json), item.Manifest);
            return new JournalEntry(item.ResourceVersion, DateTimeOffset.Parse(item.WrittenAt, CultureInfo.InvariantCulture), item.Manifest, @event, json);
        })]);
    }

    /// <inheritdoc />
    public async Task<SlotResult> SlotAsync(string slot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (new Slot(slot).Validate("slot") is { } error)
        {
            return new SlotResult.Invalid([error]);
        }

        using var response = await _http.GetAsync($"{_api}/slots/{Uri.EscapeDataString(slot)}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
            return problem.Type == "invalid" ? new SlotResult.Invalid(problem.Errors) : throw Unexpected(response, problem);
        }

        var document = await ReadAsync<SlotDocument>(response, cancellationToken).ConfigureAwait(false);
        return new SlotResult.Found(new Slot(document.Metadata.Name), document.Status.Owner is { } owner ? new TaskId(owner) : null,
            [.. document.Status.Queue.Select(q => new TaskId(q))]);
    }

    /// <inheritdoc />
    public async Task<ListResult> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = QueryParameters(query);
        parameters.Add(("limit", query.EffectiveLimit.ToString(CultureInfo.InvariantCulture)));
        if (query.Continuation is { } token)
        {
            parameters.Add(("continue", token));
        }

        using var response = await _http.GetAsync(_api + "/tasks" + QueryString(parameters), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
            return problem.Type == "invalid" ? new ListResult.Invalid(problem.Errors) : throw Unexpected(response, problem);
        }

        var list = await ReadAsync<TaskList>(response, cancellationToken).ConfigureAwait(false);
        return new ListResult.Page(list.Items, list.Metadata.Total, list.Metadata.Continue);
    }

    /// <inheritdoc />
    public async Task<CancelResult> CancelAsync(string id, long? expectedResourceVersion = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new CancelResult.Invalid(errors);
        }

        var path = TaskPath(id) + "/cancel" + (reason is null ? "" : QueryString([("reason", reason)]));
        using var response = await SendAsync(HttpMethod.Post, path, expectedResourceVersion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new CancelResult.Accepted(await ReadAsync<TaskResource>(response, cancellationToken).ConfigureAwait(false));
        }

        return await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
        {
            { Type: "not-found" } => new CancelResult.NotFound(new TaskId(id)),
            { Type: "conflict" } p => new CancelResult.Conflict(new TaskId(id), expectedResourceVersion ?? 0, p.ResourceVersion ?? 0, p.Detail),
            { Type: "rejected" } p => new CancelResult.Rejected(p.Reason, p.Detail),
            { Type: "invalid" } p => new CancelResult.Invalid(p.Errors),
            var p => throw Unexpected(response, p),
        };
    }

    /// <inheritdoc />
    public async Task<DeleteResult> DeleteAsync(string id, long? expectedResourceVersion = null, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new DeleteResult.Invalid(errors);
        }

        using var response = await SendAsync(HttpMethod.Delete, TaskPath(id), expectedResourceVersion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new DeleteResult.Deleted(new TaskId(id));
        }

        return await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
        {
            { Type: "not-found" } => new DeleteResult.NotFound(new TaskId(id)),
            { Type: "conflict" } p => new DeleteResult.Conflict(new TaskId(id), expectedResourceVersion ?? 0, p.ResourceVersion ?? 0, p.Detail),
            { Type: "invalid" } p => new DeleteResult.Invalid(p.Errors),
            var p => throw Unexpected(response, p),
        };
    }

    /// <inheritdoc />
    public async Task<RerunResult> RerunAsync(string id, CancellationToken cancellationToken = default)
    {
        if (IdErrors(id) is { } errors)
        {
            return new RerunResult.Invalid(errors);
        }

        using var response = await SendAsync(HttpMethod.Post, TaskPath(id) + "/rerun", null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new RerunResult.Accepted(await ReadAsync<TaskResource>(response, cancellationToken).ConfigureAwait(false));
        }

        return await ProblemAsync(response, cancellationToken).ConfigureAwait(false) switch
        {
            { Type: "not-found" } => new RerunResult.NotFound(new TaskId(id)),
            { Type: "rejected" } p => new RerunResult.Rejected(p.Reason, p.Detail),
            { Type: "invalid" } p => new RerunResult.Invalid(p.Errors),
            var p => throw Unexpected(response, p),
        };
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TaskWatchEvent> WatchAsync(string id, long? fromResourceVersion = null, CancellationToken cancellationToken = default)
    {
        var path = TaskPath(id) + "?watch=true" + (fromResourceVersion is { } from ? "&resourceVersion=" + from.ToString(CultureInfo.InvariantCulture) : "");
        return IdErrors(id, "watch.id") is { } errors
            ? Fail(new TaskWatchException("the watch query is invalid: " + string.Join("; ", errors), errors: errors))
            : WatchCore(path, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<TaskWatchEvent> WatchAsync(TaskQuery? filter, CancellationToken cancellationToken = default)
    {
        var parameters = filter is null ? [] : QueryParameters(filter);
        parameters.Insert(0, ("watch", "true"));
        return WatchCore(_api + "/tasks" + QueryString(parameters), cancellationToken);
    }

    private async IAsyncEnumerable<TaskWatchEvent> WatchCore(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw problem.Type == "invalid"
                ? new TaskWatchException("the watch query is invalid: " + string.Join("; ", problem.Errors), errors: problem.Errors)
                : Unexpected(response, problem);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var (type, data) in ServerSentEvents.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            switch (type)
            {
                case "WATCHING":
                    break;
                case "ERROR":
                    var status = JsonSerializer.Deserialize<WatchMessage>(data, ApiDocuments.Json)?.Status;
                    throw new TaskWatchException(status?.Message ?? "the watch ended", overflowed: status?.Reason == "Overflowed");
                default:
                    var message = JsonSerializer.Deserialize<WatchMessage>(data, ApiDocuments.Json)
                                  ?? throw new HttpRequestException($"unreadable watch event '{type}'");
                    var @event = (ITaskEvent)TaskEventJson.FromBytes(Encoding.UTF8.GetBytes(message.Event!.Data.GetRawText()), message.Event.Manifest);
                    yield return new TaskWatchEvent(message.Object!, @event);
                    break;
            }
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            throw new TaskWatchException("the server closed the watch");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, long? expectedResourceVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (expectedResourceVersion is { } expected)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"" + expected.ToString(CultureInfo.InvariantCulture) + "\""));
        }

        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private string TaskPath(string id) => $"{_api}/tasks/{Uri.EscapeDataString(id)}";

    private static List<(string, string)> QueryParameters(TaskQuery query)
    {
        var parameters = new List<(string, string)>();
        if (query.Slot is { } slot)
        {
            parameters.Add(("slot", slot.Value));
        }

        if (query.Phases.Count > 0)
        {
            parameters.Add(("phase", string.Join(",", query.Phases.Select(p => p.ToWireName()))));
        }

        if (query.Selector is { IsEmpty: false } selector)
        {
            parameters.Add(("labelSelector", selector.ToString()));
        }

        if (query.Text is { } text)
        {
            parameters.Add(("text", text));
        }

        return parameters;
    }

    private static string QueryString(IEnumerable<(string Key, string Value)> parameters)
    {
        var text = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return text.Length == 0 ? "" : "?" + text;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(ApiDocuments.Json, cancellationToken).ConfigureAwait(false)
        ?? throw new HttpRequestException($"{(int)response.StatusCode}: empty response body");

    private static async Task<ApiProblem> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new TimeoutException($"the TaskActors node did not carry out the request: {ApiProblem.Parse(text).Detail}");
        }

        return ApiProblem.Parse(text);
    }

    private static HttpRequestException Unexpected(HttpResponseMessage response, ApiProblem problem) =>
        new($"{(int)response.StatusCode} {response.ReasonPhrase}: {problem.Detail}", null, response.StatusCode);

    private static FieldError[]? IdErrors(string id, string path = "metadata.id")
    {
        ArgumentNullException.ThrowIfNull(id);
        return new TaskId(id).Validate(path) is { } error ? [error] : null;
    }

    private static async IAsyncEnumerable<TaskWatchEvent> Fail(Exception exception)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        throw exception;
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }
}
