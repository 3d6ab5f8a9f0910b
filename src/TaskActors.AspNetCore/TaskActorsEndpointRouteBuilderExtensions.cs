using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskActors.AspNetCore.Access;
using TaskActors.AspNetCore.Api;
using TaskActors.AspNetCore.Dashboard;
using TaskActors.Model.Resources;

namespace TaskActors.AspNetCore;

/// <summary>Maps the TaskActors HTTP API and dashboard into a web application.</summary>
public static class TaskActorsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the API under <paramref name="prefix"/> (e.g. <c>/api</c>), in the style of the Kubernetes API:
    /// <c>GET {prefix}/v1/tasks</c> (slot, phase, labelSelector, text, limit, continue; <c>watch=true</c> = Server-Sent
    /// Events), <c>GET/DELETE {prefix}/v1/tasks/{id}</c> (<c>watch=true&amp;resourceVersion=N</c> to watch one task),
    /// <c>GET .../runs</c>, <c>GET .../events</c>, <c>POST {prefix}/v1/tasks</c> (JSON or YAML, one or many tasks, validated
    /// all-or-nothing), <c>POST .../cancel</c>, <c>POST .../rerun</c>, <c>GET {prefix}/v1/slots/{slot}</c>, and the OpenAPI
    /// document at <c>{prefix}/openapi/taskactors.json</c>. <c>ETag</c> is the resourceVersion; <c>If-Match</c> on cancel and
    /// delete refuses a stale version with 412. Errors are RFC 9457 problem details. Needs
    /// <see cref="TaskActorsApiServiceCollectionExtensions.AddTaskActorsApi"/>.
    /// </summary>
    public static RouteGroupBuilder MapTaskActorsApi(this IEndpointRouteBuilder endpoints, string prefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var marker = endpoints.ServiceProvider.GetService<TaskActorsApiMarker>()
            ?? throw new InvalidOperationException("MapTaskActorsApi needs the API's services: call builder.Services.AddTaskActorsApi() before Build().");
        var options = endpoints.ServiceProvider.GetRequiredService<TaskActorsApiOptions>();
        marker.ApiPrefix = "/" + prefix.Trim('/');

        var api = endpoints.MapGroup(marker.ApiPrefix).WithGroupName(TaskActorsApiMarker.DocumentName).AddEndpointFilter(Faults.AsProblems);
        endpoints.MapOpenApi(marker.ApiPrefix + "/openapi/{documentName}.json").ForReads(options);

        var reads = api.MapGroup("/v1").ForReads(options).WithTags("tasks");
        reads.MapGet("/tasks", TaskEndpoints.ListAsync).WithName("ListTasks")
            .WithSummary("List tasks (one page, ordered by id), or watch them with watch=true (Server-Sent Events)")
            .Produces<TaskList>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reads.MapGet("/tasks/{id}", TaskEndpoints.GetAsync).WithName("GetTask")
            .WithSummary("Get one task (ETag = resourceVersion), or watch it with watch=true&resourceVersion=N (Server-Sent Events)")
            .Produces<TaskResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reads.MapGet("/tasks/{id}/runs", TaskEndpoints.RunsAsync).WithName("GetTaskRuns")
            .WithSummary("The task's attempts, oldest first").Produces<RunList>().ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/tasks/{id}/events", TaskEndpoints.EventsAsync).WithName("GetTaskEvents")
            .WithSummary("The task's journal, event by event (the audit trail)").Produces<EventList>().ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/slots/{slot}", TaskEndpoints.SlotAsync).WithName("GetSlot")
            .WithSummary("A slot's owner and queue").Produces<SlotDocument>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var writes = api.MapGroup("/v1").ForWrites(options).WithTags("tasks");
        writes.MapPost("/tasks", TaskEndpoints.SubmitAsync).WithName("SubmitTasks")
            .WithSummary("Submit one or many tasks (JSON or YAML manifest; all are validated before any is submitted)")
            .Accepts<TaskResource>("application/json", "application/yaml")
            .Produces<TaskResource>(StatusCodes.Status201Created).Produces<SubmitResultList>(StatusCodes.Status207MultiStatus)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        writes.MapPost("/tasks/{id}/cancel", TaskEndpoints.CancelAsync).WithName("CancelTask")
            .WithSummary("Cancel a task (If-Match: the resourceVersion you saw)")
            .Produces<TaskResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        writes.MapPost("/tasks/{id}/rerun", TaskEndpoints.RerunAsync).WithName("RerunTask")
            .WithSummary("Run a settled task again").Produces<TaskResource>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapDelete("/tasks/{id}", TaskEndpoints.DeleteAsync).WithName("DeleteTask")
            .WithSummary("Delete a task and its history (If-Match: the resourceVersion you saw)")
            .Produces<StatusDocument>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }

    /// <summary>
    /// Maps the dashboard under <paramref name="prefix"/> (e.g. <c>/taskactors</c>): a small page (plain HTML and
    /// JavaScript embedded in this assembly, no build step) over the API mapped by <see cref="MapTaskActorsApi"/>: the
    /// task list with filters and server-side paging, live over the watch; each task with its spec, attempts as a
    /// timeline, events, and cancel/rerun/delete with the version check; each slot's owner and queue. Access follows
    /// <see cref="TaskActorsApiOptions.Policy"/> (local requests only by default). Map the API first.
    /// </summary>
    public static IEndpointConventionBuilder MapTaskActorsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/taskactors")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var marker = endpoints.ServiceProvider.GetService<TaskActorsApiMarker>()
            ?? throw new InvalidOperationException("MapTaskActorsDashboard needs the API's services: call builder.Services.AddTaskActorsApi() before Build().");
        var apiPrefix = marker.ApiPrefix
            ?? throw new InvalidOperationException("the dashboard talks to the API: call app.MapTaskActorsApi(\"/api\") before MapTaskActorsDashboard.");
        var options = endpoints.ServiceProvider.GetRequiredService<TaskActorsApiOptions>();
        return DashboardEndpoints.Map(endpoints, "/" + prefix.Trim('/'), apiPrefix).ForDashboard(options);
    }
}
