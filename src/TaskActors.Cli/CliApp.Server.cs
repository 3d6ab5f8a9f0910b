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
        var clusterHost = new Option<string>("--cluster-host")
        {
            Description = "With --postgres: the address this node listens on for the other nodes and that they reach it by",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var clusterPort = new Option<int>("--cluster-port")
        {
            Description = "With --postgres: the port this node listens on for the other nodes (0 = any free one)",
            DefaultValueFactory = _ => DefaultClusterPort,
        };
        var seeds = new Option<string[]>("--seed")
        {
            Description = "With --postgres: HOST:PORT of a node to join through (repeat for several); none = this node starts the cluster",
        };
        var nodeName = new Option<string?>("--node-name") { Description = "The node's name in run records (default: the host name)" };
        var command = new Command(
            "serve",
            """
            Run a node on the store with the HTTP API (/api/v1/tasks ...), the dashboard (/taskactors) and health checks
            (/healthz) until Ctrl+C/SIGTERM, then shut down gracefully. It owns the store like `run` (one owner per store; local
            cancel, delete and rerun reach it through its control socket). The API and the dashboard serve local requests
            only: reach them from elsewhere through an SSH tunnel, or embed TaskActors in your own app with an
            authorization policy. Prints the address it listens on.

            With --postgres CONN it runs a cluster node instead: tasks and slots are shared by every node on that
            PostgreSQL database (Akka.Cluster.Sharding), a node that dies or is cut off has its tasks continued by the
            others, and any node's API answers for every task (other commands: --server URL of any node, or --postgres
            CONN to read the database directly). Settings: hocon/cluster.conf (failover time, split-brain resolver).

            Examples:
              taskactors serve
              taskactors serve --store /var/lib/taskactors/tasks.db --http http://127.0.0.1:8080
              taskactors list --server http://127.0.0.1:5080
              taskactors serve --postgres "Host=db;Database=taskactors;Username=app" --cluster-port 4053 --http http://127.0.0.1:5080
              taskactors serve --postgres "Host=db;Database=taskactors;Username=app" --cluster-port 4054 --seed 127.0.0.1:4053 --http http://127.0.0.1:5081
            """)
        {
            store, http, clusterHost, clusterPort, seeds, nodeName,
        };
        command.SetAction((parse, ct) => parse.GetValue(PostgresOption) is { } postgres
            ? ServeClusterAsync(postgres, parse.GetValue(clusterHost)!, parse.GetValue(clusterPort), parse.GetValue(seeds) ?? [], parse.GetValue(nodeName), parse.GetValue(http)!, ct)
            : ServeAsync(parse.GetValue(store)!, parse.GetValue(http)!, ct));
        return command;
    }

    /// <summary>The cluster port <c>serve --postgres</c> listens on when none is given (Akka.Remote's customary port).</summary>
    public const int DefaultClusterPort = 4053;

    private static async Task<int> ServeClusterAsync(string postgres, string host, int port, string[] seeds, string? nodeName, string address, CancellationToken ct)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            await Console.Error.WriteLineAsync($"--http: '{address}' is not an http://HOST:PORT address").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        if (port is < 0 or > 65535)
        {
            await Console.Error.WriteLineAsync($"--cluster-port: {port} is not a port (0 to 65535)").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seedPort) || seedPort is < 1 or > 65535)
            {
                await Console.Error.WriteLineAsync($"--seed: '{seed}' is not HOST:PORT").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }
        }

        Akka.Configuration.Config config;
        try
        {
            var store = Persistence.TaskActorsConfig.ForPostgreSql(postgres);
            var self = $"{host}:{port}";
            var name = nodeName is null ? string.Empty : $"task-actors.runtime.node-name = {Configuration.HoconText.Quote(nodeName)}\n";
            config = Akka.Configuration.ConfigurationFactory.ParseString(name)
                .WithFallback(Persistence.TaskActorsConfig.ForCluster(store, Persistence.TaskActorsConfig.ClusterSystemName, host, port, seeds.Length == 0 ? [self] : seeds));
        }
        catch (Exception e) when (e is ArgumentException or Configuration.TaskActorsConfigurationException)
        {
            await TerminalText.ErrorAsync($"--postgres: {StoreCheck.OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        CliNode node;
        try
        {
            node = CliNode.StartClusterNode(config, verbose: true);
        }
        catch (Exception e) when (e is Persistence.PostgreSql.PostgreSqlStoreUnavailableException or Npgsql.NpgsqlException)
        {
            await TerminalText.ErrorAsync($"--postgres: {StoreCheck.OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Unreadable;
        }

        var cluster = Akka.Cluster.Cluster.Get(node.Node.System);
        return await ServeNodeAsync(node, address, $"cluster node {cluster.SelfAddress} (store: PostgreSQL)", ct).ConfigureAwait(false);
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

        return await ServeNodeAsync(node, address, Path.GetFullPath(storePath), ct).ConfigureAwait(false);
    }

    /// <summary>Serves the API, the dashboard and health checks of <paramref name="node"/> at <paramref name="address"/> until canceled.</summary>
    private static async Task<int> ServeNodeAsync(CliNode node, string address, string what, CancellationToken ct)
    {
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
                await Console.Error.WriteLineAsync($"serving {what} at {url}: dashboard {url}/taskactors/, API {url}/api/v1/tasks; Ctrl+C stops")
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
