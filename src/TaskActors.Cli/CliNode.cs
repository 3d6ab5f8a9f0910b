using Akka.Configuration;
using TaskActors.Client;
using TaskActors.Control;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Persistence.Ownership;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>
/// A node started by the command on a store it owns (<see cref="StoreOwnership"/>), with its client and the store's
/// control endpoint (<see cref="ControlServer"/>, so cancel, delete and rerun of other processes reach this node);
/// disposing stops the endpoint, shuts the node down gracefully and then gives the store up.
/// </summary>
internal sealed class CliNode : IAsyncDisposable
{
    private readonly StoreOwnership? _ownership;
    private ControlServer? _control;

    private CliNode(TaskActorsNode node, StoreOwnership? ownership)
    {
        Node = node;
        _ownership = ownership;
        Client = new TaskClient(node);
    }

    public TaskActorsNode Node { get; }

    public ITaskClient Client { get; }

    /// <summary>
    /// Takes ownership of <paramref name="storePath"/> as <paramref name="program"/> and starts a node on it, or returns
    /// null with the owner (null: it has not written its record yet) when another process owns the store, or null with
    /// <paramref name="fault"/> (one line) when the owned store fails its write probe (<see cref="StoreCheck.ForWriting"/>).
    /// <paramref name="wakeActiveTasks"/> false makes a node for one change: active tasks stay asleep unless addressed.
    /// Its runners: <paramref name="runners"/>, or else <see cref="Runners"/> of <paramref name="modulesDirectory"/>.
    /// </summary>
    /// <exception cref="IOException">The store or its lock files cannot be used (the message says why).</exception>
    public static CliNode? TryStart(
        string storePath, string program, bool verbose, bool wakeActiveTasks, out StoreOwnedException? owned, out string? fault,
        string? modulesDirectory = null, RunnerSet? runners = null)
    {
        var full = Path.GetFullPath(storePath);
        StoreOwnership ownership;
        try
        {
            ownership = StoreOwnership.Acquire(full, program);
        }
        catch (StoreOwnedException e)
        {
            owned = e;
            fault = null;
            return null;
        }

        owned = null;

        // Owned now: the write probe cannot race another process creating the store.
        fault = StoreCheck.ForWriting(full);
        if (fault is not null)
        {
            ownership.Dispose();
            return null;
        }

        CliNode? started = null;
        try
        {
            var level = verbose ? "WARNING" : "ERROR";
            var wake = wakeActiveTasks ? "on" : "off";
            var overrides = ConfigurationFactory.ParseString(
                $"akka.loglevel = {level}\nakka.stdout-loglevel = {level}\ntask-actors.runtime.wake-active-at-start = {wake}\n");
            var config = overrides.WithFallback(TaskActorsConfig.ForSqliteFile(full));
            runners ??= Runners(config, modulesDirectory);
            var node = TaskActorsNode.Start("taskactors-cli", config, runners);
            started = new CliNode(node, ownership);
            started._control = ControlServer.Start(ownership, started.Client);
            return started;
        }
        catch
        {
            if (started is not null)
            {
                started.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            else
            {
                ownership.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Starts a cluster node on a shared store (<paramref name="config"/>: PostgreSQL + <c>hocon/cluster.conf</c>, from
    /// <see cref="TaskActorsConfig.ForCluster"/>). No file lock and no control socket: the cluster decides which node
    /// runs which task, and other processes reach it through its HTTP API (<c>--server</c>).
    /// </summary>
    public static CliNode StartClusterNode(Config config, bool verbose)
    {
        var level = verbose ? "WARNING" : "ERROR";
        config = ConfigurationFactory.ParseString($"akka.loglevel = {level}\nakka.stdout-loglevel = {level}\n").WithFallback(config);
        var node = TaskActorsNode.Start(TaskActorsConfig.ClusterSystemName, config, Runners(config, modulesDirectory: null));
        return new CliNode(node, ownership: null);
    }

    /// <summary>
    /// The runners of the command's nodes: subprocess, wasm (relative modules found in <paramref name="modulesDirectory"/>,
    /// default the current directory; the rest of <c>task-actors.wasm</c> from <paramref name="config"/>) and the built-in
    /// handlers. <c>run</c> builds them first to check every manifest task against them before anything is submitted.
    /// </summary>
    public static RunnerSet Runners(Config config, string? modulesDirectory)
    {
        var wasm = WasmRunnerSettings.Create(config);
        if (modulesDirectory is not null)
        {
            wasm = wasm with { ModulesDirectory = Path.GetFullPath(modulesDirectory) };
        }

        return new RunnerSet(
            new SubprocessRunner(),
            new WasmRunner(wasm),
            new HandlerRunner(BuiltInHandlers.CreateRegistry(), new StderrLoggerFactory()));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_control is not null)
            {
                await _control.DisposeAsync().ConfigureAwait(false);
            }

            await Node.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _ownership?.Dispose();
        }
    }
}
