using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TaskActors.Client;
using TaskActors.Model.Events;
using TaskActors.Model.Json;
using TaskActors.Model.Queries;
using TaskActors.Queries;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// A watch as Server-Sent Events (<c>text/event-stream</c>). Every change is one event named after its
/// <see cref="WatchMessage.Type"/> (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>) whose data is a <see cref="WatchMessage"/>;
/// a one-task watch gives each event the id <c>resourceVersion</c>, so a browser's EventSource resumes after a dropped
/// connection from the last version it saw (<c>Last-Event-ID</c>) with no gap and no duplicate. The stream opens with a
/// <c>WATCHING</c> event once the watch is registered (changes from then on are delivered), and ends with an
/// <c>ERROR</c> event when the watch ends on the node's side (<c>Overflowed</c>: the client fell behind).
/// </summary>
internal static class WatchStream
{
    public static async Task RunAsync(HttpContext http, ITaskClient client, string? id, long? fromResourceVersion, TaskQuery? filter, CancellationToken ct)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var changes = id is not null ? client.WatchAsync(id, fromResourceVersion, ct) : client.WatchAsync(filter, ct);
        await using var enumerator = changes.GetAsyncEnumerator(ct);
        try
        {
            // The first MoveNextAsync registers the watch with the index before it awaits anything; a list answered after
            // it proves the registration was processed (the index handles messages in order), so WATCHING is a promise.
            var first = enumerator.MoveNextAsync().AsTask();
            if (!first.IsCompleted)
            {
                await client.ListAsync(TaskQuery.All.WithLimit(1), ct).ConfigureAwait(false);
            }

            await WriteAsync(response, "WATCHING", null, "{}", ct).ConfigureAwait(false);
            var next = first;
            while (await next.ConfigureAwait(false))
            {
                var change = enumerator.Current;
                var type = change.Event switch
                {
                    TaskCreated => "ADDED",
                    TaskDeleted => "DELETED",
                    _ => "MODIFIED",
                };
                var message = new WatchMessage(type, change.Task, new WatchedEvent(
                    change.Task.Metadata.ResourceVersion, TaskEventJson.ManifestOf(change.Event), JsonDocument.Parse(TaskEventJson.ToBytes(change.Event)).RootElement.Clone()));
                var eventId = id is not null ? change.Task.Metadata.ResourceVersion.ToString(CultureInfo.InvariantCulture) : null;
                await WriteAsync(response, type, eventId, JsonSerializer.Serialize(message, ApiDocuments.Json), ct).ConfigureAwait(false);
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
        catch (TaskWatchException e)
        {
            var reason = e.Overflowed ? "Overflowed" : e.Errors.Count > 0 ? "Invalid" : "Ended";
            await WriteErrorAsync(response, reason, e.Message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException)
        {
            await WriteErrorAsync(response, "Ended", e.Message, ct).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, string reason, string detail, CancellationToken ct)
    {
        var message = new WatchMessage("ERROR", Status: new WatchStatus(reason, detail));
        return WriteAsync(response, "ERROR", null, JsonSerializer.Serialize(message, ApiDocuments.Json), ct);
    }

    private static async Task WriteAsync(HttpResponse response, string type, string? id, string data, CancellationToken ct)
    {
        var text = new StringBuilder();
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        text.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data).Append("\n\n");
        await response.WriteAsync(text.ToString(), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
