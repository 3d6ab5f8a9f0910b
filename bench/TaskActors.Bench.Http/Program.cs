// The HTTP API and the dashboard over a large store (issue 12). Run from the repository root:
//   dotnet run -c Release --project bench/TaskActors.Bench.Http                 100,000 tasks, writes docs/benchmarks.md's section
//   dotnet run -c Release --project bench/TaskActors.Bench.Http -- --quick      5,000 tasks, prints only
// Needs Debian's chromium and chromium-driver (apt) for the dashboard's load time.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using TaskActors.AspNetCore;
using TaskActors.AspNetCore.Api;
using TaskActors.AspNetCore.Tests;
using TaskActors.Bench.Queries;
using TaskActors.Bench.Shared;
using TaskActors.Hosting;
using TaskActors.Model.Queries;

var quick = args.Contains("--quick");
var tasks = quick ? 5_000 : 100_000;
var requests = quick ? 200 : 2_000;
var changes = quick ? 5_000 : 50_000;
var loads = quick ? 2 : 5;
var invariant = CultureInfo.InvariantCulture;
var report = new StringBuilder();

// 1. The store: 100,000 tasks as journal rows (70 % succeeded, 10 % failed, 10 % running, 5 % pending, 5 % canceled).
var store = Path.Combine(Path.GetTempPath(), $"taskactors-bench-http-{Guid.NewGuid():N}.db");
var (rows, filled) = RawJournal.Fill(store, tasks);
Console.Error.WriteLine($"store: {tasks:N0} tasks, {rows:N0} journal rows in {filled.TotalSeconds:F1} s");

// 2. A web application on it, as an embedder would write it (Kestrel on 127.0.0.1).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Path.GetTempPath() });
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Services.AddTaskActors(o =>
{
    o.StorePath = store;
    o.NodeName = "bench-http";
    o.Runtime.WatchBufferSize = changes + 1_000;   // the burst below is published at once; the watch may hold all of it
});
builder.Services.AddTaskActorsApi();
await using var app = builder.Build();
app.MapTaskActorsApi("/api");
app.MapTaskActorsDashboard("/taskactors");
var started = Stopwatch.StartNew();
await app.StartAsync();
var url = app.Urls.Single();
using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
while ((await http.GetFromJsonAsync<TaskList>("api/v1/tasks?limit=1", ApiDocuments.Json))!.Metadata.Total < tasks)
{
}

var rebuilt = started.Elapsed;
Console.Error.WriteLine($"node up and index rebuilt in {rebuilt.TotalSeconds:F1} s");

// 3. List latency through HTTP (client-side: request sent to body read), sequential requests on one connection.
var queries = new (string Name, string Query, int Count)[]
{
    ("phase filter, first page of 50", "phase=failed&limit=50", requests),
    ("no filter, a page in the middle (continue token)", $"limit=50&continue={ContinuationToken.Encode(SyntheticTasks.Id(tasks / 2))}", requests),
    ("slot + phase, first page", "slot=slot-7&phase=succeeded&limit=50", requests),
    ("label selector (walks the candidates)", "labelSelector=team%3Da&limit=50", requests / 10),
    ("id text (walks every task)", "text=t00421&limit=50", requests / 10),
};
report.AppendLine(CultureInfo.InvariantCulture, $"| query (`GET /api/v1/tasks?...`) | requests | p50 ms | p99 ms | max ms |");
report.AppendLine("|---|---:|---:|---:|---:|");
foreach (var (name, query, count) in queries)
{
    for (var i = 0; i < 50; i++)
    {
        await http.GetStringAsync("api/v1/tasks?" + query);
    }

    var samples = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        await http.GetStringAsync("api/v1/tasks?" + query);
        samples.Add(clock.Elapsed.TotalMilliseconds);
    }

    var latency = Latency.Of(samples);
    report.AppendLine(invariant, $"| {name} | {count:N0} | {latency.P50:F2} | {latency.P99:F2} | {latency.Max:F1} |");
    Console.Error.WriteLine($"list {name}: p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms");
}

// 4. Server-Sent Events to one client: a burst of changes published on the node's event stream (as TaskActors publish
// them), through the index, the watch and Kestrel, counted as they arrive at an HttpClient reading the stream.
var system = app.Services.GetRequiredService<ActorSystem>();
var states = Enumerable.Range(0, changes).Select(i => SyntheticTasks.Changes(i % tasks).State).ToArray();
using var stream = await http.GetAsync("api/v1/tasks?watch=true", HttpCompletionOption.ResponseHeadersRead);
using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
while (await reader.ReadLineAsync() is { } line && line != "event: WATCHING")
{
}

var sse = Stopwatch.StartNew();
foreach (var state in states)
{
    system.EventStream.Publish(SyntheticTasks.Next(state));
}

var published = sse.Elapsed;
var received = 0;
long bytes = 0;
while (received < changes && await reader.ReadLineAsync() is { } line)
{
    bytes += line.Length + 1;
    if (line.StartsWith("event: MODIFIED", StringComparison.Ordinal))
    {
        received++;
    }
}

var delivered = sse.Elapsed;
var perSecond = changes / delivered.TotalSeconds;
Console.Error.WriteLine($"SSE: {changes:N0} events in {delivered.TotalSeconds:F2} s = {perSecond:N0}/s ({bytes / delivered.TotalSeconds / 1e6:F1} MB/s), published in {published.TotalSeconds:F2} s");

// 5. The dashboard's first page in headless Chromium: from navigation to the first 50 rows on screen (the page's own
// performance mark), a fresh browser for the first load, then reloads with the browser's cache warm.
var pageLoads = new List<double>();
using (var browser = new Browser())
{
    for (var i = 0; i < loads; i++)
    {
        browser.Driver.Navigate().GoToUrl("about:blank");
        browser.Driver.Navigate().GoToUrl(url + "/taskactors/");
        browser.Until(d => d.FindElements(By.CssSelector("#task-table tbody tr")).Count == 50, "the first page of tasks");
        var shown = Convert.ToDouble(browser.Driver.ExecuteScript("return performance.getEntriesByName('taskactors-first-page')[0].startTime;"), invariant);
        pageLoads.Add(shown);
        Console.Error.WriteLine($"dashboard load {i + 1}: first page shown {shown:F0} ms after navigation");
    }
}

await app.StopAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
foreach (var file in new[] { store, store + "-wal", store + "-shm" })
{
    File.Delete(file);
}

var warm = pageLoads.Skip(1).Order().ToList();
var warmText = warm.Count > 0 ? string.Create(invariant, $", {warm[warm.Count / 2]:F0} ms median of {warm.Count} reloads ({warm[0]:F0}–{warm[^1]:F0} ms).") : ".";
var section = new StringBuilder()
    .AppendLine("## HTTP API and dashboard over 100,000 tasks")
    .AppendLine()
    .AppendLine("<!-- Written by bench/TaskActors.Bench.Http; run it again to refresh this section. -->")
    .AppendLine()
    .AppendLine(invariant, $"`dotnet run -c Release --project bench/TaskActors.Bench.Http` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at the end {LoadAverage()}. " +
        $"Store: {tasks:N0} tasks ({rows:N0} journal rows, 70 % succeeded, 10 % failed, 10 % running, 5 % pending, 5 % canceled) in one SQLite file; " +
        $"one ASP.NET Core app on Kestrel (127.0.0.1) with `MapTaskActorsApi` and `MapTaskActorsDashboard`; the node was up with its index rebuilt {rebuilt.TotalSeconds:F1} s after start.")
    .AppendLine()
    .AppendLine("**List latency**, measured by an HttpClient on the same machine (request to body read, one connection, sequential, after 50 warm-up requests):")
    .AppendLine()
    .Append(report)
    .AppendLine()
    .AppendLine(invariant, $"**Server-Sent Events to one client:** {perSecond:N0} events/s ({changes:N0} changes published at once on the node's event stream, " +
        $"through the index, the list watch and Kestrel, counted as they arrived at an HttpClient reading `GET /api/v1/tasks?watch=true`; " +
        $"{bytes / delivered.TotalSeconds / 1e6:F1} MB/s of event text, each event carrying the whole task). The burst sits in the watch's buffer meanwhile, " +
        $"so the run raises `WatchBufferSize` to {changes + 1_000:N0}; with the default 10,000 a client this far behind is sent `ERROR` (Overflowed).")
    .AppendLine()
    .AppendLine(invariant, $"**Dashboard first page in headless Chromium** (Debian's chromium {ChromiumVersion()}, from navigation to the first 50 rows on screen, " +
        $"the page's own `performance` mark): {pageLoads[0]:F0} ms in a fresh browser{warmText}")
    .ToString();
Console.WriteLine(section);
if (!quick)
{
    var docs = Path.Combine(FindRepository(), "docs", "benchmarks.md");
    MarkdownSections.Write(docs, "http", section);
    Console.Error.WriteLine($"wrote the http section of {docs}");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string ChromiumVersion()
{
    using var process = Process.Start(new ProcessStartInfo(Browser.ChromiumPath, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var text = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return text.Split(' ').FirstOrDefault(w => w.Length > 0 && char.IsDigit(w[0])) ?? "?";
}

static string FindRepository()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TaskActors.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
