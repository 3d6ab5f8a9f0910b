using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TaskActors.AspNetCore.Api;

namespace TaskActors.AspNetCore.Access;

/// <summary>
/// Who may call what (<see cref="TaskActorsApiOptions"/>): without a policy, only local requests; with one, ASP.NET Core's
/// authorization. Writes are also refused when a browser says they come from another site (CSRF), whatever the policy.
/// </summary>
internal static class AccessRules
{
    /// <summary>Reads: open, a policy, or local only.</summary>
    public static TBuilder ForReads<TBuilder>(this TBuilder builder, TaskActorsApiOptions options)
        where TBuilder : IEndpointConventionBuilder
    {
        if (options.AllowAnonymousReads)
        {
            return builder.AllowAnonymous();
        }

        return (options.ReadPolicy ?? options.Policy) is { } policy
            ? builder.RequireAuthorization(policy)
            : builder.AddEndpointFilter(LocalOnly);
    }

    /// <summary>Writes and the dashboard: the policy, or local only; plus the cross-site check for writes.</summary>
    public static TBuilder ForWrites<TBuilder>(this TBuilder builder, TaskActorsApiOptions options)
        where TBuilder : IEndpointConventionBuilder =>
        ForDashboard(builder, options).AddEndpointFilter(SameSiteOnly);

    /// <summary>The dashboard's pages: the policy, or local only.</summary>
    public static TBuilder ForDashboard<TBuilder>(this TBuilder builder, TaskActorsApiOptions options)
        where TBuilder : IEndpointConventionBuilder =>
        options.Policy is { } policy ? builder.RequireAuthorization(policy) : builder.AddEndpointFilter(LocalOnly);

    /// <summary>
    /// True when the request comes from this machine: no remote address (an in-process server), a loopback address, or
    /// the server's own address. Behind a reverse proxy the host's forwarded-headers middleware sets the remote address
    /// to the real client's, which is then judged.
    /// </summary>
    public static bool IsLocal(ConnectionInfo connection)
    {
        var remote = connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress);
    }

    /// <summary>Why a browser request is cross-site (a CSRF attempt), or null when it is not.</summary>
    public static string? CrossSiteProblem(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return $"the browser marked this request Sec-Fetch-Site: {site}";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
                                  !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) ||
                                  !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return $"the request's Origin {origin} is not this server ({request.Scheme}://{request.Host})";
        }

        return null;
    }

    private static ValueTask<object?> LocalOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var connection = context.HttpContext.Connection;
        return IsLocal(connection)
            ? next(context)
            : ValueTask.FromResult<object?>(Problems.Forbidden(
                $"TaskActors serves its API and dashboard to local requests only unless the host names an authorization policy " +
                $"(AddTaskActorsApi(o => o.Policy = \"...\")); this request came from {connection.RemoteIpAddress}"));
    }

    private static ValueTask<object?> SameSiteOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CrossSiteProblem(context.HttpContext.Request) is { } problem
            ? ValueTask.FromResult<object?>(Problems.Forbidden($"cross-site write refused: {problem}"))
            : next(context);
}
