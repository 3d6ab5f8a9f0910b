using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TaskActors.Client;
using TaskActors.Model.Common;
using TaskActors.Model.Json;
using TaskActors.Model.Manifests;
using TaskActors.Model.Resources;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// The handlers of <c>/v1/tasks</c> and <c>/v1/slots</c>: each turns HTTP into one <see cref="ITaskClient"/> call and
/// the client's typed result into a status code, the resource and its <c>ETag</c> (the resourceVersion).
/// </summary>
internal static class TaskEndpoints
{
    public static async Task<IResult> ListAsync(
        HttpContext http,
        ITaskClient client,
        string? slot,
        string? phase,
        string? labelSelector,
        string? text,
        string? limit,
        [FromQuery(Name = "continue")] string? continueToken,
        string? watch,
        string? resourceVersion,
        CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var query = ListQueryParser.Parse(slot, phase, labelSelector, text, limit, continueToken, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (IsTrue(watch))
        {
            if (!string.IsNullOrEmpty(resourceVersion))
            {
                return Problems.BadRequest("resourceVersion is per task: watch one task from a version with GET /v1/tasks/{id}?watch=true&resourceVersion=N; " +
                                           "a list watch starts with the next change (list first, then watch)");
            }

            await WatchStream.RunAsync(http, client, null, null, query, ct).ConfigureAwait(false);
            return Results.Empty;
        }

        return (await client.ListAsync(query, ct).ConfigureAwait(false)).Match(
            page => Results.Ok(new TaskList(ApiDocuments.ApiVersion, "TaskList", new ListMeta(page.Continuation, page.Total), page.Items)),
            invalid => Problems.Invalid(invalid.Errors));
    }

    public static async Task<IResult> GetAsync(HttpContext http, ITaskClient client, string id, string? watch, string? resourceVersion, CancellationToken ct)
    {
        if (IsTrue(watch))
        {
            long? from = null;
            var fromText = !string.IsNullOrEmpty(resourceVersion) ? resourceVersion : http.Request.Headers["Last-Event-ID"].ToString();
            if (!string.IsNullOrEmpty(fromText))
            {
                if (!long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    return Problems.Invalid([new FieldError("resourceVersion", $"'{fromText}' is not a resourceVersion", "a whole number >= 0 (0 = from the task's creation)")]);
                }

                from = version;
            }

            await WatchStream.RunAsync(http, client, id, from, null, ct).ConfigureAwait(false);
            return Results.Empty;
        }

        return (await client.GetAsync(id, ct).ConfigureAwait(false)).Match(
            found => Resource(http, found.Task),
            _ => Problems.NotFound(id),
            invalid => Problems.Invalid(invalid.Errors));
    }

    public static async Task<IResult> RunsAsync(ITaskClient client, string id, CancellationToken ct) =>
        (await client.RunsAsync(id, ct).ConfigureAwait(false)).Match(
            found => Results.Ok(new RunList(ApiDocuments.ApiVersion, "RunList", new TaskRef(id), found.Runs)),
            _ => Problems.NotFound(id),
            invalid => Problems.Invalid(invalid.Errors));

    public static async Task<IResult> EventsAsync(ITaskClient client, string id, CancellationToken ct) =>
        (await client.EventsAsync(id, ct).ConfigureAwait(false)).Match(
            found => Results.Ok(new EventList(ApiDocuments.ApiVersion, "EventList", new TaskRef(id), [.. found.Events.Select(e =>
                new EventItem(e.SequenceNr, Rfc3339.Format(e.WrittenAt), e.Manifest, JsonDocument.Parse(e.Json).RootElement.Clone()))])),
            _ => Problems.NotFound(id),
            invalid => Problems.Invalid(invalid.Errors));

    public static async Task<IResult> SlotAsync(ITaskClient client, string slot, CancellationToken ct) =>
        (await client.SlotAsync(slot, ct).ConfigureAwait(false)).Match(
            found => Results.Ok(new SlotDocument(ApiDocuments.ApiVersion, "Slot", new SlotMeta(found.Slot.Value),
                new SlotStatus(found.Owner?.Value, [.. found.Queue.Select(q => q.Value)]))),
            invalid => Problems.Invalid(invalid.Errors));

    public static async Task<IResult> SubmitAsync(HttpContext http, ITaskClient client, TaskActorsApiOptions options, CancellationToken ct)
    {
        var text = await ReadBodyAsync(http.Request, options.MaxSubmitBytes, ct).ConfigureAwait(false);
        if (text is null)
        {
            return Problems.Problem413(options.MaxSubmitBytes);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.BadRequest("the body is empty: send one task (JSON or YAML), a list of tasks, or several YAML documents");
        }

        var manifest = ManifestLoader.Load(text, null);
        if (!manifest.IsSuccess)
        {
            return Problems.Invalid($"the manifest has {manifest.Errors.Count} error(s); nothing was submitted", manifest.Errors.Select(Problems.ToProblemError));
        }

        var items = new List<SubmitItem>(manifest.Tasks.Count);
        foreach (var document in manifest.Tasks)
        {
            items.Add(ToItem(await client.SubmitAsync(document.Spec, document.Id?.Value, ct).ConfigureAwait(false)));
        }

        if (manifest.Tasks.Count == 1)
        {
            return items[0] switch
            {
                { Result: "Created", Task: { } task } => Created(http, task),
                { Result: "AlreadyExists", Task: { } existing } => Problems.AlreadyExists(existing),
                { Result: "Rejected" } rejected => Problems.Rejected(Enum.Parse<Model.Commands.RejectionKind>(rejected.Reason!), rejected.Message!),
                var invalid => Problems.Invalid("the task broke rules", invalid.Errors ?? []),
            };
        }

        var status = items.All(i => i.Status == StatusCodes.Status201Created) ? StatusCodes.Status201Created : StatusCodes.Status207MultiStatus;
        return Results.Json(new SubmitResultList(ApiDocuments.ApiVersion, "SubmitResultList", items), statusCode: status);
    }

    public static async Task<IResult> CancelAsync(HttpContext http, ITaskClient client, string id, string? reason, CancellationToken ct)
    {
        if (!TryExpectedVersion(http.Request, out var expected, out var problem))
        {
            return problem;
        }

        return (await client.CancelAsync(id, expected, string.IsNullOrEmpty(reason) ? null : reason, ct).ConfigureAwait(false)).Match(
            accepted => Resource(http, accepted.Task),
            _ => Problems.NotFound(id),
            conflict => Problems.PreconditionFailed(id, conflict.Expected, conflict.Actual),
            rejected => Problems.Rejected(rejected.Kind, rejected.Message),
            invalid => Problems.Invalid(invalid.Errors));
    }

    public static async Task<IResult> RerunAsync(HttpContext http, ITaskClient client, string id, CancellationToken ct) =>
        (await client.RerunAsync(id, ct).ConfigureAwait(false)).Match(
            accepted => Resource(http, accepted.Task),
            _ => Problems.NotFound(id),
            rejected => Problems.Rejected(rejected.Kind, rejected.Message),
            invalid => Problems.Invalid(invalid.Errors));

    public static async Task<IResult> DeleteAsync(HttpContext http, ITaskClient client, string id, CancellationToken ct)
    {
        if (!TryExpectedVersion(http.Request, out var expected, out var problem))
        {
            return problem;
        }

        return (await client.DeleteAsync(id, expected, ct).ConfigureAwait(false)).Match(
            _ => Results.Ok(new StatusDocument(ApiDocuments.ApiVersion, "Status", "Success", new TaskRef(id))),
            _ => Problems.NotFound(id),
            conflict => Problems.PreconditionFailed(id, conflict.Expected, conflict.Actual),
            invalid => Problems.Invalid(invalid.Errors));
    }

    /// <summary>The ETag of a task: its resourceVersion, quoted.</summary>
    public static string ETagOf(TaskResource task) => "\"" + task.Metadata.ResourceVersion.ToString(CultureInfo.InvariantCulture) + "\"";

    private static IResult Resource(HttpContext http, TaskResource task)
    {
        http.Response.Headers.ETag = ETagOf(task);
        return Results.Ok(task);
    }

    private static IResult Created(HttpContext http, TaskResource task)
    {
        http.Response.Headers.ETag = ETagOf(task);
        var location = http.Request.PathBase.Add(http.Request.Path).Value!.TrimEnd('/') + "/" + Uri.EscapeDataString(task.Id.Value);
        return Results.Created(location, task);
    }

    private static SubmitItem ToItem(SubmitResult result) => result.Match(
        accepted => new SubmitItem(StatusCodes.Status201Created, "Created", accepted.Task),
        existing => new SubmitItem(StatusCodes.Status409Conflict, "AlreadyExists", existing.Task),
        rejected => new SubmitItem(Problems.StatusOf(rejected.Kind), "Rejected", Reason: rejected.Kind.ToString(), Message: rejected.Message),
        invalid => new SubmitItem(StatusCodes.Status422UnprocessableEntity, "Invalid", Errors: [.. invalid.Errors.Select(Problems.ToProblemError)]));

    /// <summary>Reads <c>If-Match</c> as the expected resourceVersion (<c>"7"</c>, <c>7</c>, <c>W/"7"</c>; absent or <c>*</c> = none).</summary>
    private static bool TryExpectedVersion(HttpRequest request, out long? expected, out IResult problem)
    {
        expected = null;
        problem = Results.Empty;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        value = value.Trim('"');
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            problem = Problems.BadRequest($"If-Match '{header}' is not a resourceVersion: send the ETag of the task you saw (e.g. \"7\")");
            return false;
        }

        expected = version;
        return true;
    }

    /// <summary>The body as text, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool IsTrue(string? flag) => flag is not null && (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase));
}
