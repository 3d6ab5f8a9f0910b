using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskActors.Node;

namespace TaskActors.Hosting;

/// <summary>Adds TaskActors' health checks to a host's health checks (<c>builder.Services.AddHealthChecks()</c>).</summary>
public static class TaskActorsHealthChecks
{
    /// <summary>The journal check's name: a probe event written and stored through the journal plugin.</summary>
    public const string Journal = "taskactors-journal";

    /// <summary>The runtime check's name: the task region alive and answering.</summary>
    public const string Runtime = "taskactors-runtime";

    /// <summary>The index check's name: the read-side index rebuilt and caught up with the journal.</summary>
    public const string Index = "taskactors-index";

    /// <summary>
    /// Adds three checks (<see cref="Journal"/>, <see cref="Runtime"/>, <see cref="Index"/>), each answered by the node
    /// within <paramref name="timeout"/> (default 3 s): a stopped or stalled journal or a dead task region is Unhealthy
    /// within that time; an index that is rebuilding or behind is Degraded. Before the runtime has started every check is
    /// Unhealthy (it is not ready); a runtime that failed to start reports its error.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddHealthChecks().AddTaskActorsHealthChecks();
    /// app.MapHealthChecks("/healthz");
    /// </code>
    /// </example>
    public static IHealthChecksBuilder AddTaskActorsHealthChecks(this IHealthChecksBuilder builder, IEnumerable<string>? tags = null, TimeSpan? timeout = null) =>
        Add(builder, provider => provider.GetRequiredService<TaskActorsRuntime>().WhenStartedAsync(CancellationToken.None), tags, timeout);

    /// <summary>Adds the same three checks for a node started without hosting (<see cref="TaskActorsNode.Start"/>), e.g. by the command line tool's <c>serve</c>.</summary>
    public static IHealthChecksBuilder AddTaskActorsHealthChecks(this IHealthChecksBuilder builder, TaskActorsNode node, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Add(builder, _ => Task.FromResult(node), tags, timeout);
    }

    private static IHealthChecksBuilder Add(
        IHealthChecksBuilder builder, Func<IServiceProvider, Task<TaskActorsNode>> node, IEnumerable<string>? tags, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToList() ?? ["taskactors"];
        void Add(string name, Func<NodeHealth, TimeSpan?, CancellationToken, Task<NodeHealthResult>> check) =>
            builder.Add(new HealthCheckRegistration(name, provider => new NodeHealthCheck(node(provider), check, timeout), HealthStatus.Unhealthy, tagList));
        Add(Journal, (health, limit, ct) => health.CheckJournalAsync(limit, ct));
        Add(Runtime, (health, limit, ct) => health.CheckRuntimeAsync(limit, ct));
        Add(Index, (health, limit, ct) => health.CheckIndexAsync(limit, ct));
        return builder;
    }

    private sealed class NodeHealthCheck(
        Task<TaskActorsNode> started, Func<NodeHealth, TimeSpan?, CancellationToken, Task<NodeHealthResult>> check, TimeSpan? timeout) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (started.IsFaulted)
            {
                return HealthCheckResult.Unhealthy("the TaskActors runtime failed to start", started.Exception?.GetBaseException());
            }

            if (!started.IsCompletedSuccessfully)
            {
                return HealthCheckResult.Unhealthy("the TaskActors runtime has not started yet");
            }

            var result = await check(started.Result.Health, timeout, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                NodeHealthStatus.Healthy => HealthCheckResult.Healthy(result.Description),
                NodeHealthStatus.Degraded => HealthCheckResult.Degraded(result.Description),
                _ => HealthCheckResult.Unhealthy(result.Description),
            };
        }
    }
}
