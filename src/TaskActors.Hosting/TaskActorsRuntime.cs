using Akka.Configuration;
using TaskActors.Client;
using TaskActors.Node;

namespace TaskActors.Hosting;

/// <summary>
/// The TaskActors runtime of a host, as a DI singleton: where its store is, the configuration it was built with, and
/// (once the hosted actor system has started) the node with its task region and index. <see cref="ITaskClient"/> from
/// DI waits on it, so it can be resolved and called before the host has finished starting.
/// </summary>
public sealed class TaskActorsRuntime
{
    private readonly TaskCompletionSource<TaskActorsNode> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private string? _storePath;
    private Config? _config;
    private TaskClient? _client;

    /// <summary>The full path of the SQLite store file, once the actor system is being built; null before.</summary>
    public string? StorePath
    {
        get
        {
            lock (_gate)
            {
                return _storePath;
            }
        }
    }

    /// <summary>
    /// The TaskActors configuration (options over overlays over the store location over the reference), once the actor
    /// system is being built; null before. The actor system's own config has it in front of the host's other HOCON.
    /// </summary>
    public Config? Config
    {
        get
        {
            lock (_gate)
            {
                return _config;
            }
        }
    }

    /// <summary>The started node, or null while the actor system is not up yet.</summary>
    public TaskActorsNode? Node => _started.Task.IsCompletedSuccessfully ? _started.Task.Result : null;

    /// <summary>
    /// Waits until the runtime's actors run on the hosted actor system and returns the node. Throws
    /// <see cref="InvalidOperationException"/> (with the cause inside) if they failed to start.
    /// </summary>
    public Task<TaskActorsNode> WhenStartedAsync(CancellationToken cancellationToken = default) => _started.Task.WaitAsync(cancellationToken);

    /// <summary>The client of the started node (created once).</summary>
    internal async Task<TaskClient> ClientAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskActorsNode node;
        try
        {
            node = await _started.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"TaskActors has not started within {timeout.TotalSeconds:0.###} s (is the host started? AddTaskActors runs it on the host's actor system)", e);
        }

        lock (_gate)
        {
            return _client ??= new TaskClient(node, timeout);
        }
    }

    internal void Configure(string storePath, Config config)
    {
        lock (_gate)
        {
            if (_config is not null)
            {
                throw new InvalidOperationException("TaskActors is configured on this host's actor system twice: call WithTaskActors (or AddTaskActors) once.");
            }

            _storePath = storePath;
            _config = config;
        }
    }

    internal void Started(TaskActorsNode node) => _started.TrySetResult(node);

    internal void Failed(Exception cause) =>
        _started.TrySetException(new InvalidOperationException("the TaskActors runtime failed to start: " + cause.Message, cause));
}
