using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskActors.AspNetCore;
using TaskActors.AspNetCore.Client;
using TaskActors.Client;
using TaskActors.Hosting;

namespace TaskActors.Cli;

/// <summary>
/// The command over HTTP: <c>serve</c> runs a node with the API and the dashboard; <c>--server URL</c> makes any other
/// command talk to such a node (<see cref="HttpTaskClient"/>) instead of a store file.
/// </summary>
public static partial class CliApp
{
    /// <summary>The address <c>serve</c> listens on when none is given (this machine only).</summary>
    public const string DefaultHttp = "http://127.0.0.1:5080";

    private static Command ServeCommand()
    {
        var store = StoreOption();
        var http = new Option<string>("--http")
        {
            Description = "The address to listen on (http://HOST:PORT; port 0 picks a free one)",
            DefaultValueFactory = _ => DefaultHttp,
        };
        var command = new Command(
            "serve",
            """
            Run a node on the store with the HTTP API (/api/v1/tasks ...), the dashboard (/taskactors) and health checks
            (/healthz) until Ctrl+C/SIGTERM, then shut down gracefully. It owns the store like `run` (one owner per store; local
            cancel, delete and rerun reach it through its control socket). The API and the dashboard serve local requests
            only: reach them from elsewhere through an SSH tunnel, or embed TaskActors in your own app with an
            authorization policy. Prints the address it listens on.

            Examples:
              taskactors serve
              taskactors serve --store /var/lib/taskactors/tasks.db --http http://127.0.0.1:8080
              taskactors list --server http://127.0.0.1:5080
            """)
        {
            store, http,
        };
        command.SetAction((parse, ct) => ServeAsync(parse.GetValue(store)!, parse.GetValue(http)!, ct));
        return command;
    }

    private static async Task<int> ServeAsync(string storePath, string address, CancellationToken ct)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            await Console.Error.WriteLineAsync($"--http: '{address}' is not an http://HOST:PORT address").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var (node, refused) = await OwnAndStartAsync(storePath, "taskactors serve").ConfigureAwait(false);
        if (node is null)
        {
            return refused;
        }

        await using (node.ConfigureAwait(false))
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            builder.WebHost.UseUrls(address);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(node.Client);
            builder.Services.AddTaskActorsApi();
            builder.Services.AddHealthChecks().AddTaskActorsHealthChecks(node.Node);
            var app = builder.Build();
            await using (app.ConfigureAwait(false))
            {
                app.MapTaskActorsApi("/api");
                app.MapTaskActorsDashboard("/taskactors");
                app.MapHealthChecks("/healthz");
                await app.StartAsync(ct).ConfigureAwait(false);
                var url = app.Urls.First();
                await Console.Error.WriteLineAsync($"serving {Path.GetFullPath(storePath)} at {url}: dashboard {url}/taskactors/, API {url}/api/v1/tasks; Ctrl+C stops")
                    .ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync("stopping: each running attempt gets SIGTERM (a handler its cancellation), then SIGKILL after its stopGracePeriodMs; it is recorded as interrupted, and the next start runs a new attempt of it (tasks with onInterruption: fail end as failed instead, and only their restart policy can run them again)").ConfigureAwait(false);
                }

                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Runs <paramref name="action"/> with an HTTP client of the node at <paramref name="server"/>; an unreachable node is exit 4.</summary>
    private static async Task<int> WithServerAsync(string server, Func<ITaskClient, Task<int>> action)
    {
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"--server: '{server}' is not an http(s):// URL").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        using var http = new HttpClient { BaseAddress = uri, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            return await action(new HttpTaskClient(http)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            await TerminalText.ErrorAsync($"{server}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.StoreBusy;
        }
    }
}
