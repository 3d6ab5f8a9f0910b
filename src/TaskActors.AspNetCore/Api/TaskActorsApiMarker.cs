namespace TaskActors.AspNetCore.Api;

/// <summary>
/// Registered by <see cref="TaskActorsApiServiceCollectionExtensions.AddTaskActorsApi"/>: proves the services are there,
/// and remembers where the API was mapped so the dashboard can call it.
/// </summary>
internal sealed class TaskActorsApiMarker
{
    /// <summary>The name of the API's OpenAPI document and of its endpoints' group.</summary>
    public const string DocumentName = "taskactors";

    /// <summary>The prefix the API was mapped under (e.g. <c>/api</c>), once it was.</summary>
    public string? ApiPrefix { get; set; }
}
