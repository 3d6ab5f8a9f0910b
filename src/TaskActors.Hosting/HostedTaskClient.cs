using System.Runtime.CompilerServices;
using TaskActors.Client;
using TaskActors.Model.Queries;
using TaskActors.Model.Specs;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Hosting;

/// <summary>
/// The <see cref="ITaskClient"/> registered in DI: waits (up to the client timeout) for the hosted runtime to start,
/// then forwards to the node's <see cref="TaskClient"/>.
/// </summary>
internal sealed class HostedTaskClient(TaskActorsRuntime runtime, TaskActorsOptions options) : ITaskClient
{
    public async Task<SubmitResult> SubmitAsync(TaskSpec spec, string? id = null, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).SubmitAsync(spec, id, cancellationToken).ConfigureAwait(false);

    public async Task<GetResult> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).GetAsync(id, cancellationToken).ConfigureAwait(false);

    public async Task<RunsResult> RunsAsync(string id, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).RunsAsync(id, cancellationToken).ConfigureAwait(false);

    public async Task<EventsResult> EventsAsync(string id, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).EventsAsync(id, cancellationToken).ConfigureAwait(false);

    public async Task<SlotResult> SlotAsync(string slot, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).SlotAsync(slot, cancellationToken).ConfigureAwait(false);

    public async Task<ListResult> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).ListAsync(query, cancellationToken).ConfigureAwait(false);

    public async Task<CancelResult> CancelAsync(string id, long? expectedResourceVersion = null, string? reason = null, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).CancelAsync(id, expectedResourceVersion, reason, cancellationToken).ConfigureAwait(false);

    public async Task<DeleteResult> DeleteAsync(string id, long? expectedResourceVersion = null, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).DeleteAsync(id, expectedResourceVersion, cancellationToken).ConfigureAwait(false);

    public async Task<RerunResult> RerunAsync(string id, CancellationToken cancellationToken = default) =>
        await (await ClientAsync(cancellationToken).ConfigureAwait(false)).RerunAsync(id, cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<TaskWatchEvent> WatchAsync(
        string id, long? fromResourceVersion = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var change in client.WatchAsync(id, fromResourceVersion, cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    public async IAsyncEnumerable<TaskWatchEvent> WatchAsync(TaskQuery? filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var change in client.WatchAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private Task<TaskClient> ClientAsync(CancellationToken cancellationToken) => runtime.ClientAsync(options.ClientTimeout, cancellationToken);
}
