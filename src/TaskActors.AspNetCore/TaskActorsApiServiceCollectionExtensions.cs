using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskActors.AspNetCore.Api;

namespace TaskActors.AspNetCore;

/// <summary>Adds what the TaskActors HTTP API and dashboard need to a web application's services.</summary>
public static class TaskActorsApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's services: its access rules (<paramref name="configure"/>; by default only local requests are
    /// served), its OpenAPI document (<c>taskactors</c>, served at <c>{prefix}/openapi/taskactors.json</c>), problem details
    /// and authorization. Call it next to <c>AddTaskActors</c>; then map the endpoints with
    /// <see cref="TaskActorsEndpointRouteBuilderExtensions.MapTaskActorsApi"/> and
    /// <see cref="TaskActorsEndpointRouteBuilderExtensions.MapTaskActorsDashboard"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddTaskActorsApi(o => o.Policy = "operators");   // remote access for users of that policy
    /// </code>
    /// </example>
    public static IServiceCollection AddTaskActorsApi(this IServiceCollection services, Action<TaskActorsApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TaskActorsApiOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSubmitBytes, 1, "TaskActorsApiOptions.MaxSubmitBytes");
        services.TryAddSingleton(options);
        services.TryAddSingleton<TaskActorsApiMarker>();
        services.AddProblemDetails();
        services.AddAuthorization();
        services.AddOpenApi(TaskActorsApiMarker.DocumentName, openApi =>
        {
            openApi.ShouldInclude = description => description.GroupName == TaskActorsApiMarker.DocumentName;
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TaskActors API";
                document.Info.Description = "Tasks as resources in the style of the Kubernetes API: list with paging and watch (Server-Sent Events), " +
                                            "get, runs, events, submit (JSON or YAML manifests), cancel, rerun, delete; ETag = resourceVersion.";
                return Task.CompletedTask;
            });
        });
        return services;
    }
}
