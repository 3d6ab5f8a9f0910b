namespace TaskActors.AspNetCore;

/// <summary>
/// Who may use the HTTP API and the dashboard (set with <see cref="TaskActorsApiServiceCollectionExtensions.AddTaskActorsApi"/>).
/// By default everything (dashboard, reads, writes) is refused to requests that do not come from this machine, as
/// Hangfire's dashboard does: a host that wants remote access names an ASP.NET Core authorization policy.
/// </summary>
public sealed class TaskActorsApiOptions
{
    /// <summary>
    /// The authorization policy for the dashboard and every write (submit, cancel, rerun, delete), and for reads unless
    /// <see cref="ReadPolicy"/> or <see cref="AllowAnonymousReads"/> say otherwise. Null (the default): only local requests
    /// (from a loopback address, or from the server's own address) are served; others get 403.
    /// </summary>
    public string? Policy { get; set; }

    /// <summary>The authorization policy for reads (list, get, runs, events, slots, watch, the OpenAPI document); null = as <see cref="Policy"/>.</summary>
    public string? ReadPolicy { get; set; }

    /// <summary>Serve reads to anyone, also remote and unauthenticated (default false). Writes and the dashboard keep their rule.</summary>
    public bool AllowAnonymousReads { get; set; }

    /// <summary>The largest request body a submit accepts, in bytes (default 1 MiB).</summary>
    public long MaxSubmitBytes { get; set; } = 1024 * 1024;
}
