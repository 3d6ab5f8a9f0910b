using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskActors.AspNetCore.Tests;

/// <summary>
/// Access by default: local only. A remote client is modelled the way it reaches a real deployment, through a reverse
/// proxy whose <c>X-Forwarded-For</c> the host's forwarded-headers middleware applies (the test itself stays on 127.0.0.1).
/// </summary>
public sealed class AccessSpec
{
    private const string Task = """{"metadata":{"id":"access-1"},"spec":{"slot":"access","workload":{"handler":{"name":"ok"}}}}""";

    [Fact]
    public async Task Remote_requests_are_refused_by_default_and_local_ones_served()
    {
        await using var web = await WebApp.StartAsync(configure: TrustLoopbackProxy, beforeMap: app => app.UseForwardedHeaders());

        var remoteWrite = await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task, forwardedFor: "203.0.113.7");
        Assert.Equal(HttpStatusCode.Forbidden, remoteWrite.StatusCode);
        Assert.Contains("203.0.113.7", await remoteWrite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Get, "api/v1/tasks", forwardedFor: "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Get, "taskactors/", forwardedFor: "203.0.113.7")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(web, HttpMethod.Get, "taskactors/")).StatusCode);
    }

    [Fact]
    public async Task Reads_can_be_opened_while_writes_stay_local()
    {
        await using var web = await WebApp.StartAsync(configure: TrustLoopbackProxy, beforeMap: app => app.UseForwardedHeaders(), api: o => o.AllowAnonymousReads = true);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(web, HttpMethod.Get, "api/v1/tasks", forwardedFor: "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task, forwardedFor: "203.0.113.7")).StatusCode);
    }

    [Fact]
    public async Task A_configured_policy_decides_instead_and_remote_users_it_admits_are_served()
    {
        await using var web = await WebApp.StartAsync(
            configure: builder =>
            {
                TrustLoopbackProxy(builder);
                builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                builder.Services.AddAuthorization(o => o.AddPolicy("operators", p => p.RequireRole("operator")));
            },
            beforeMap: app => app.UseForwardedHeaders(),
            api: o => o.Policy = "operators");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(web, HttpMethod.Get, "api/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Get, "api/v1/tasks", user: "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task, forwardedFor: "203.0.113.7", user: "operator")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(web, HttpMethod.Get, "taskactors/", forwardedFor: "203.0.113.7", user: "operator")).StatusCode);
    }

    [Fact]
    public async Task A_write_a_browser_marks_as_cross_site_is_refused()
    {
        await using var web = await WebApp.StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task, headers: [("Origin", "http://evil.example")])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task, headers: [("Sec-Fetch-Site", "cross-site")])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(web, HttpMethod.Post, "api/v1/tasks", Task,
            headers: [("Origin", web.Url.GetLeftPart(UriPartial.Authority)), ("Sec-Fetch-Site", "same-origin")])).StatusCode);
    }

    private static void TrustLoopbackProxy(WebApplicationBuilder builder) =>
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);

    private static Task<HttpResponseMessage> SendAsync(
        WebApp web, HttpMethod method, string path, string? json = null, string? forwardedFor = null, string? user = null, (string, string)[]? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (user is not null)
        {
            request.Headers.Add(HeaderAuthentication.Header, user);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        return web.Http.SendAsync(request);
    }

    /// <summary>The test's identity provider: the <c>X-Test-Role</c> header is the caller's one role (real ASP.NET Core authentication).</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test-header";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString() is not { Length: > 0 } role)
            {
                return System.Threading.Tasks.Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role)], SchemeName);
            return System.Threading.Tasks.Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
