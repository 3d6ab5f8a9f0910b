using Akka.Configuration;
using TaskActors.Client;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>A node started by the command on a store, with its lock and client; disposing shuts it down gracefully.</summary>
internal sealed class CliNode : IAsyncDisposable
{
    private readonly StoreLock _lock;

    private CliNode(TaskActorsNode node, StoreLock storeLock)
    {
        Node = node;
        _lock = storeLock;
        Client = new TaskClient(node);
    }

    public TaskActorsNode Node { get; }

    public ITaskClient Client { get; }

    /// <summary>
    /// Starts a node on <paramref name="storePath"/>, or returns null with the owner's pid when another process owns it.
    /// <paramref name="wakeActiveTasks"/> false makes a node for one change: active tasks stay asleep unless addressed.
    /// Its runners: subprocess, wasm (relative modules found in <paramref name="modulesDirectory"/>, default the
    /// current directory; the rest of <c>task-actors.wasm</c> from the reference configuration) and the built-in handlers.
    /// </summary>
    public static CliNode? TryStart(string storePath, bool verbose, bool wakeActiveTasks, out int ownerPid, string? modulesDirectory = null, RunnerSet? runners = null)
    {
        var full = Path.GetFullPath(storePath);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var storeLock = StoreLock.TryAcquire(full, out ownerPid);
        if (storeLock is null)
        {
            return null;
        }

        try
        {
            var level = verbose ? "WARNING" : "ERROR";
            var wake = wakeActiveTasks ? "on" : "off";
            var overrides = ConfigurationFactory.ParseString(
                $"akka.loglevel = {level}\nakka.stdout-loglevel = {level}\ntask-actors.runtime.wake-active-at-start = {wake}\n");
            var config = overrides.WithFallback(TaskActorsConfig.ForSqliteFile(full));
            runners ??= Runners(config, modulesDirectory);
            var node = TaskActorsNode.Start("taskactors-cli", config, runners);
            return new CliNode(node, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
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
            await Node.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
