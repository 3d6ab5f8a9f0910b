using System.Net;
using System.Text;
using TaskActors.Client;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.AspNetCore.Tests;

/// <summary>The watch as Server-Sent Events: from a resourceVersion, across a reconnect, with no gap and no duplicate.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WatchSpec(WebAppFixture fixture)
{
    private readonly WebApp _web = fixture.App;

    [Fact]
    public async Task A_watch_resumed_from_the_last_resourceVersion_seen_misses_nothing_and_repeats_nothing()
    {
        var spec = TaskSpec.Builder("watch-resume", HandlerWorkload.Create("flaky", new { failures = 3 }))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 20, 20, 1)).Build();
        Assert.IsType<SubmitResult.Accepted>(await _web.Client.SubmitAsync(spec, "watch-resume-1"));

        // First connection: read three changes from the start, then drop the connection.
        var seen = new List<long>();
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await foreach (var change in _web.Client.WatchAsync("watch-resume-1", 0, first.Token))
            {
                seen.Add(change.Task.Metadata.ResourceVersion);
                if (seen.Count == 3)
                {
                    break;
                }
            }
        }

        // Meanwhile the task goes on; the second connection resumes from the last version seen.
        var settled = await _web.WaitForAsync("watch-resume-1", t => t.IsSettled);
        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in _web.Client.WatchAsync("watch-resume-1", seen[^1], second.Token))
        {
            seen.Add(change.Task.Metadata.ResourceVersion);
            if (change.Task.Metadata.ResourceVersion == settled.Metadata.ResourceVersion)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, (int)settled.Metadata.ResourceVersion).Select(v => (long)v), seen);
    }

    [Fact]
    public async Task The_stream_carries_resourceVersions_as_event_ids_and_resumes_from_Last_Event_ID()
    {
        Assert.IsType<SubmitResult.Accepted>(await _web.Client.SubmitAsync(TaskSpec.Builder("watch-raw", HandlerWorkload.Create("ok")).Build(), "watch-raw-1"));
        var settled = await _web.WaitForAsync("watch-raw-1", t => t.IsSettled);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tasks/watch-raw-1?watch=true");
        request.Headers.Add("Last-Event-ID", "1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8);
        var lines = new List<string>();
        while (!lines.Contains($"id: {settled.Metadata.ResourceVersion}") && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal("event: WATCHING", lines[0]);
        var ids = lines.Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).Select(l => long.Parse(l[4..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(2, (int)settled.Metadata.ResourceVersion - 1).Select(v => (long)v), ids);
        Assert.Contains("event: MODIFIED", lines);
    }

    [Fact]
    public async Task A_list_watch_delivers_the_tasks_matching_its_filter_created_after_it_said_WATCHING()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _web.Http.GetAsync("api/v1/tasks?watch=true&slot=watch-list", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8);
        Assert.Equal("event: WATCHING", await reader.ReadLineAsync(timeout.Token));

        await _web.Local.SubmitAsync(TaskSpec.Builder("watch-other", HandlerWorkload.Create("ok")).Build(), "watch-list-other");
        await _web.Local.SubmitAsync(TaskSpec.Builder("watch-list", HandlerWorkload.Create("ok")).Build(), "watch-list-1");

        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && line != "event: ADDED")
        {
        }

        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: {\"type\":\"ADDED\"", data);
        Assert.Contains("\"id\":\"watch-list-1\"", data);
    }
}
