using System.Net;
using System.Net.Http.Json;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Client;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>TaskActors inside ASP.NET Core (a real WebApplication on 127.0.0.1), and inside a host that owns its AddAkka call.</summary>
public sealed class AspNetCoreSpec : IDisposable
{
    private readonly TempDirectory _contentRoot = new("web");

    [Fact]
    public async Task Minimal_API_endpoints_submit_get_and_list_through_the_injected_client()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot.Path, EnvironmentName = "Test", Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTestHandlerServices();
        builder.Services.AddTaskActors(o => o.AddHocon(HostHarness.QuietHocon)).AddHandler<TestHandlers.RecordingHandler>("record");

        await using var app = builder.Build();
        app.MapPost("/tasks/{id}", async (string id, ITaskClient tasks, CancellationToken ct) =>
            (await tasks.SubmitAsync(TaskSpec.Builder("web-" + id, HandlerWorkload.Create("record")).Label("via", "web").BuildUnchecked(), id, ct)).Match<IResult>(
                accepted => Results.Created($"/tasks/{id}", new TaskView(id, accepted.Task.Phase.ToWireName())),
                existing => Results.Conflict(new TaskView(id, existing.Task.Phase.ToWireName())),
                rejected => Results.UnprocessableEntity(rejected.Message),
                invalid => Results.BadRequest(invalid.Errors.Select(e => e.ToString()))));
        app.MapGet("/tasks/{id}", async (string id, ITaskClient tasks, CancellationToken ct) =>
            (await tasks.GetAsync(id, ct)).Match<IResult>(
                found => Results.Ok(new TaskView(id, found.Task.Phase.ToWireName())),
                _ => Results.NotFound(),
                invalid => Results.BadRequest(invalid.Errors.Select(e => e.ToString()))));
        app.MapGet("/tasks", async (ITaskClient tasks, CancellationToken ct) =>
            (await tasks.ListAsync(TaskQuery.All.WithSelector(Model.Selectors.LabelSelector.ForLabels(("via", "web"))), ct)).Match<IResult>(
                page => Results.Ok(page.Items.Select(t => t.Id.Value)),
                invalid => Results.BadRequest(invalid.Errors.Select(e => e.ToString()))));
        await app.StartAsync();

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/tasks/web-1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/tasks/web-1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/tasks/bad%20id", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/tasks/web-missing")).StatusCode);
        await Eventually.Until(
            async () => (await http.GetFromJsonAsync<TaskView>("/tasks/web-1"))?.Phase == "succeeded", "web-1 succeeded");
        Assert.Equal(["web-1"], await http.GetFromJsonAsync<string[]>("/tasks") ?? []);
        Assert.True(File.Exists(_contentRoot.File("data", "taskactors.db")));

        await app.StopAsync();
    }

    [Fact]
    public async Task A_host_that_calls_AddAkka_itself_adds_TaskActors_with_WithTaskActors()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot.Path, EnvironmentName = "Test", Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddTestHandlerServices();
        builder.Services.AddTaskActorsServices(o => o.StorePath = "own/akka.db").AddHandler<TestHandlers.RecordingHandler>("record");
        builder.Services.AddAkka("my-system", (akka, services) => akka
            .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
            .WithTaskActors(services));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<ITaskClient>();
        Assert.IsType<SubmitResult.Accepted>(await client.SubmitAsync(TaskSpec.Builder("own", HandlerWorkload.Create("record")).Build(), "own-1"));
        var task = await HostHarness.WaitFor(client, "own-1", HostHarness.IsSettled, "settled");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        Assert.Equal("my-system", host.Services.GetRequiredService<Akka.Actor.ActorSystem>().Name);
        Assert.True(File.Exists(_contentRoot.File("own", "akka.db")));
        Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTaskActorsServices().ConfigureAkka((_, _) => { }));

        await host.StopAsync();
    }

    public void Dispose() => _contentRoot.Dispose();

    private sealed record TaskView(string Id, string Phase);
}
