using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskActors.AspNetCore.Client;
using TaskActors.Client;
using TaskActors.Hosting;
using TaskActors.Model.Resources;
using TaskActors.Runners;

namespace TaskActors.AspNetCore.Tests;

/// <summary>
/// A real web application (Kestrel on 127.0.0.1, a free port) with TaskActors, the API at <c>/api</c> and the dashboard
/// at <c>/taskactors</c>, on a temp store. Handlers: <c>ok</c> succeeds; <c>flaky</c> fails each task's first
/// <c>input.failures</c> attempts (default 1) and then succeeds; <c>wait</c> runs until canceled.
/// </summary>
public sealed class WebApp : IAsyncDisposable
{
    private WebApp(WebApplication app, string contentRoot)
    {
        App = app;
        ContentRoot = contentRoot;
        Url = new Uri(app.Urls.Single().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        Http = new HttpClient { BaseAddress = Url };
        Client = new HttpTaskClient(Http);
    }

    public WebApplication App { get; }

    public string ContentRoot { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>The typed client over HTTP.</summary>
    public HttpTaskClient Client { get; }

    /// <summary>The in-process client of the same node.</summary>
    public ITaskClient Local => App.Services.GetRequiredService<ITaskClient>();

    public static async Task<WebApp> StartAsync(
        Action<WebApplicationBuilder>? configure = null, Action<TaskActorsApiOptions>? api = null, Action<WebApplication>? beforeMap = null,
        Action<TaskActorsOptions>? options = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("taskactors-web-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Test", Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Attempts>();
        builder.Services.AddTaskActors(o =>
            {
                o.AddHocon("task-actors.runtime.shutdown-grace = 5s");
                o.HandlerGracePeriod = TimeSpan.FromSeconds(2);
                options?.Invoke(o);
            })
            .AddHandler("ok", _ => new Succeed())
            .AddHandler("flaky", provider => new Flaky(provider.GetRequiredService<Attempts>()))
            .AddHandler("wait", _ => new WaitForCancel());
        builder.Services.AddTaskActorsApi(api);
        configure?.Invoke(builder);
        var app = builder.Build();
        beforeMap?.Invoke(app);
        app.MapTaskActorsApi("/api");
        app.MapTaskActorsDashboard("/taskactors");
        await app.StartAsync();
        return new WebApp(app, contentRoot);
    }

    /// <summary>Waits (watching the task over HTTP, no sleeps) until <paramref name="condition"/> holds.</summary>
    public async Task<TaskResource> WaitForAsync(string id, Func<TaskResource, bool> condition, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        if (await Client.GetAsync(id, deadline.Token) is GetResult.Found { Task: var now } && condition(now))
        {
            return now;
        }

        await foreach (var change in Client.WatchAsync(id, 0, deadline.Token))
        {
            if (condition(change.Task) && await Client.GetAsync(id, deadline.Token) is GetResult.Found { Task: var current } && condition(current))
            {
                return current;
            }
        }

        throw new InvalidOperationException($"the watch of {id} ended before the condition held");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temp folders
        }
    }

    /// <summary>Counts each task's attempts of the flaky handler.</summary>
    public sealed class Attempts
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Succeed : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Flaky(Attempts attempts) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            var failures = context.Input is { } input && input.TryGetProperty("failures", out var f) ? f.GetInt32() : 1;
            var call = attempts.Calls.AddOrUpdate(context.TaskId.Value, 1, (_, n) => n + 1);
            return call <= failures ? Throw(call) : Task.CompletedTask;
        }

        private static Task Throw(int call) => throw new InvalidOperationException($"flaky failure {call}");
    }

    private sealed class WaitForCancel : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>One web app shared by the specs of the <see cref="WebAppCollection"/> (tasks get unique ids).</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public WebApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await WebApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
