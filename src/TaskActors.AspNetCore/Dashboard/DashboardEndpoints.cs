using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TaskActors.AspNetCore.Dashboard;

/// <summary>
/// Serves the dashboard's files from this assembly's embedded resources (<c>Dashboard/assets/*</c>): the page at
/// <c>{prefix}/</c>, its script and its stylesheet. The page is told where the API is (<c>data-api</c> on its body), so
/// it works under any prefix. Files get an ETag (their hash), so a browser revalidates instead of downloading again.
/// </summary>
internal static class DashboardEndpoints
{
    private const string ResourcePrefix = "TaskActors.Dashboard.";

    private static readonly ConcurrentDictionary<string, Asset?> Assets = new(StringComparer.Ordinal);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix, string apiPrefix)
    {
        var group = endpoints.MapGroup(prefix).ExcludeFromDescription();
        // One endpoint for "{prefix}" and "{prefix}/" (routing treats them alike): the page's relative links need the slash.
        group.MapGet("/", (HttpContext http) => !http.Request.Path.Value!.EndsWith('/')
            ? Results.Redirect(http.Request.PathBase + prefix + "/")
            : Serve(http, "index.html", text => text
            .Replace("{{API}}", http.Request.PathBase + apiPrefix, StringComparison.Ordinal)
            .Replace("{{BASE}}", http.Request.PathBase + prefix + "/", StringComparison.Ordinal)));
        group.MapGet("/{file}", (HttpContext http, string file) => Serve(http, file, null));
        return group;
    }

    private static IResult Serve(HttpContext http, string file, Func<string, string>? fill)
    {
        if (Assets.GetOrAdd(file, Load) is not { } asset)
        {
            return Results.NotFound();
        }

        var bytes = fill is null ? asset.Bytes : Encoding.UTF8.GetBytes(fill(Encoding.UTF8.GetString(asset.Bytes)));
        var etag = fill is null ? asset.ETag : "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(bytes, asset.ContentType);
    }

    private static Asset? Load(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new Asset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
