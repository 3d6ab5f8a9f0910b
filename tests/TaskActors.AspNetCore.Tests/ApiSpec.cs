using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskActors.AspNetCore.Api;
using TaskActors.Client;
using TaskActors.Model.Policies;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.AspNetCore.Tests;

/// <summary>Every endpoint of the HTTP API on a real Kestrel server, as a script or curl would use it.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ApiSpec(WebAppFixture fixture)
{
    private readonly WebApp _web = fixture.App;

    [Fact]
    public async Task Submitting_one_JSON_task_answers_201_with_the_resource_its_ETag_and_its_Location()
    {
        var response = await PostAsync("""{"metadata":{"id":"api-submit-1"},"spec":{"slot":"api-submit","workload":{"handler":{"name":"ok"}}}}""", "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);   // TaskCreated and AttemptStarted are written together
        Assert.Equal("/api/v1/tasks/api-submit-1", response.Headers.Location?.OriginalString);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("taskactors/v1", json.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("api-submit-1", json.RootElement.GetProperty("metadata").GetProperty("id").GetString());
        Assert.Equal("ok", json.RootElement.GetProperty("spec").GetProperty("workload").GetProperty("handler").GetProperty("name").GetString());

        var again = await PostAsync("""{"metadata":{"id":"api-submit-1"},"spec":{"slot":"api-submit","workload":{"handler":{"name":"ok"}}}}""", "application/json");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:taskactors:problem:already-exists", (await ProblemAsync(again)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_YAML_manifest_with_several_tasks_submits_them_all()
    {
        var response = await PostAsync("""
            metadata: {id: api-yaml-1}
            spec: {slot: api-yaml-a, workload: {handler: {name: ok}}, labels: {team: yaml}}
            ---
            metadata: {id: api-yaml-2}
            spec: {slot: api-yaml-b, workload: {handler: {name: ok}}, labels: {team: yaml}}
            """, "application/yaml");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<SubmitResultList>(ApiDocuments.Json);
        Assert.Equal(["Created", "Created"], list!.Items.Select(i => i.Result));
        Assert.Equal(["api-yaml-1", "api-yaml-2"], list.Items.Select(i => i.Task!.Id.Value));
    }

    [Fact]
    public async Task A_manifest_with_several_errors_is_refused_whole_with_every_error_its_path_line_and_column()
    {
        var response = await PostAsync("""
            metadata: {id: api-bad-1}
            spec:
              slot: bad/slot
              workload: {handler: {name: ok}}
              timeoutMs: 0
            ---
            metadata: {id: api-bad-2}
            spec: {slot: fine, workload: {handler: {name: ok}}}
            """, "application/yaml");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ProblemAsync(response);
        Assert.Equal("urn:taskactors:problem:invalid", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal("[0].spec.slot", errors[0].GetProperty("path").GetString());
        Assert.Equal(3, errors[0].GetProperty("line").GetInt32());
        Assert.Equal(9, errors[0].GetProperty("column").GetInt32());
        Assert.Equal("[0].spec.timeoutMs", errors[1].GetProperty("path").GetString());
        Assert.Equal(5, errors[1].GetProperty("line").GetInt32());
        Assert.IsType<GetResult.NotFound>(await _web.Client.GetAsync("api-bad-2"));
    }

    [Fact]
    public async Task Get_runs_and_events_show_a_task_its_attempts_and_its_journal()
    {
        await SubmitAsync("api-read-1", TaskSpec.Builder("api-read", HandlerWorkload.Create("flaky", new { failures = 1 }))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build());
        var settled = await _web.WaitForAsync("api-read-1", t => t.IsSettled);

        var get = await _web.Http.GetAsync("api/v1/tasks/api-read-1");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal($"\"{settled.Metadata.ResourceVersion}\"", get.Headers.ETag?.Tag);
        Assert.Equal(TaskPhase.Succeeded, (await get.Content.ReadFromJsonAsync<TaskResource>())!.Phase);

        var runs = await _web.Http.GetFromJsonAsync<RunList>("api/v1/tasks/api-read-1/runs", ApiDocuments.Json);
        Assert.Equal([TaskPhase.Failed, TaskPhase.Succeeded], runs!.Items.Select(r => r.Phase));
        Assert.Contains("flaky failure 1", runs.Items[0].StderrTail);   // the exception with its stack trace
        Assert.Contains(" at ", runs.Items[0].StderrTail);

        var events = await _web.Http.GetFromJsonAsync<EventList>("api/v1/tasks/api-read-1/events", ApiDocuments.Json);
        Assert.Equal("task-created.v1", events!.Items[0].Manifest);
        Assert.Equal(Enumerable.Range(1, (int)settled.Metadata.ResourceVersion).Select(v => (long)v), events.Items.Select(e => e.ResourceVersion));
        Assert.Contains(events.Items, e => e.Manifest == "retry-scheduled.v1");

        Assert.Equal(HttpStatusCode.NotFound, (await _web.Http.GetAsync("api/v1/tasks/api-missing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _web.Http.GetAsync("api/v1/tasks/api-missing/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _web.Http.GetAsync("api/v1/tasks/api-missing/events")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _web.Http.GetAsync("api/v1/tasks/bad%20id")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_slot_phase_labels_and_text_and_pages_with_continue_tokens()
    {
        for (var i = 1; i <= 5; i++)
        {
            await SubmitAsync($"api-list-{i}", TaskSpec.Builder($"api-list-{i}", HandlerWorkload.Create("ok")).Label("batch", i % 2 == 0 ? "even" : "odd").Build());
        }

        foreach (var i in Enumerable.Range(1, 5))
        {
            await _web.WaitForAsync($"api-list-{i}", t => t.IsSettled);
        }

        var first = await _web.Http.GetFromJsonAsync<TaskList>("api/v1/tasks?text=api-list-&limit=2&phase=succeeded", ApiDocuments.Json);
        Assert.Equal(5, first!.Metadata.Total);
        Assert.Equal(["api-list-1", "api-list-2"], first.Items.Select(t => t.Id.Value));
        var second = await _web.Http.GetFromJsonAsync<TaskList>($"api/v1/tasks?text=api-list-&limit=2&phase=succeeded&continue={first.Metadata.Continue}", ApiDocuments.Json);
        Assert.Equal(["api-list-3", "api-list-4"], second!.Items.Select(t => t.Id.Value));

        var odd = await _web.Http.GetFromJsonAsync<TaskList>("api/v1/tasks?labelSelector=batch%3Dodd&text=api-list", ApiDocuments.Json);
        Assert.Equal(["api-list-1", "api-list-3", "api-list-5"], odd!.Items.Select(t => t.Id.Value));
        var slot = await _web.Http.GetFromJsonAsync<TaskList>("api/v1/tasks?slot=api-list-4", ApiDocuments.Json);
        Assert.Equal(["api-list-4"], slot!.Items.Select(t => t.Id.Value));

        var bad = await _web.Http.GetAsync("api/v1/tasks?phase=sleeping&limit=0&labelSelector=a%20in%20b");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var paths = (await ProblemAsync(bad)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(["phase", "labelSelector", "limit"], paths);
    }

    [Fact]
    public async Task Cancel_and_delete_honour_If_Match_and_a_stale_version_is_412()
    {
        var submitted = await SubmitAsync("api-cancel-1", TaskSpec.Builder("api-cancel", HandlerWorkload.Create("wait")).Build());
        var running = await _web.WaitForAsync("api-cancel-1", t => t.Phase == TaskPhase.Running);

        var stale = await SendAsync(HttpMethod.Post, "api/v1/tasks/api-cancel-1/cancel", running.Metadata.ResourceVersion - 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(running.Metadata.ResourceVersion, (await ProblemAsync(stale)).GetProperty("resourceVersion").GetInt64());

        var canceled = await SendAsync(HttpMethod.Post, "api/v1/tasks/api-cancel-1/cancel?reason=not%20needed", running.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        var task = await canceled.Content.ReadFromJsonAsync<TaskResource>();
        Assert.Equal(TaskPhase.Canceled, task!.Phase);
        Assert.Equal("not needed", task.Status.Error);
        Assert.True(submitted.Metadata.ResourceVersion < task.Metadata.ResourceVersion);

        var settled = await _web.WaitForAsync("api-cancel-1", t => t.IsSettled);
        var again = await SendAsync(HttpMethod.Post, "api/v1/tasks/api-cancel-1/rerun", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, "api/v1/tasks/api-cancel-1/rerun", null)).StatusCode);

        var rerun = await _web.WaitForAsync("api-cancel-1", t => t.Phase == TaskPhase.Running && t.Metadata.ResourceVersion > settled.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(HttpMethod.Delete, "api/v1/tasks/api-cancel-1", settled.Metadata.ResourceVersion)).StatusCode);
        var deleted = await SendAsync(HttpMethod.Delete, "api/v1/tasks/api-cancel-1", rerun.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _web.Http.GetAsync("api/v1/tasks/api-cancel-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "api/v1/tasks/api-cancel-1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "api/v1/tasks/x/cancel", null, ifMatch: "\"seven\"")).StatusCode);
    }

    [Fact]
    public async Task A_slot_shows_its_owner_and_its_queue_and_a_full_queue_is_429()
    {
        var queued = TaskSpec.Builder("api-slot", HandlerWorkload.Create("wait")).Admission(AdmissionPolicy.Queue).Build();
        await SubmitAsync("api-slot-1", queued);
        await SubmitAsync("api-slot-2", queued);
        await _web.WaitForAsync("api-slot-1", t => t.Phase == TaskPhase.Running);

        var slot = await _web.Http.GetFromJsonAsync<SlotDocument>("api/v1/slots/api-slot", ApiDocuments.Json);
        Assert.Equal("api-slot-1", slot!.Status.Owner);
        Assert.Equal(["api-slot-2"], slot.Status.Queue);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _web.Http.GetAsync("api/v1/slots/bad%20slot")).StatusCode);

        var busy = await PostAsync("""{"metadata":{"id":"api-slot-3"},"spec":{"slot":"api-slot","workload":{"handler":{"name":"wait"}}}}""", "application/json");
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("SlotBusy", (await ProblemAsync(busy)).GetProperty("reason").GetString());

        await _web.Client.CancelAsync("api-slot-2");
        await _web.Client.CancelAsync("api-slot-1");
    }

    [Fact]
    public async Task The_HTTP_client_gives_the_same_typed_results_as_the_node_client()
    {
        var spec = TaskSpec.Builder("api-typed", HandlerWorkload.Create("ok")).Build();
        Assert.IsType<SubmitResult.Accepted>(await _web.Client.SubmitAsync(spec, "api-typed-1"));
        Assert.IsType<SubmitResult.AlreadyExists>(await _web.Client.SubmitAsync(spec, "api-typed-1"));
        Assert.IsType<SubmitResult.Invalid>(await _web.Client.SubmitAsync(spec, "bad/id"));
        Assert.Equal(RejectionKindOf(await _web.Client.SubmitAsync(TaskSpec.Builder("api-typed", HandlerWorkload.Create("nope")).Build(), "api-typed-2")),
            RejectionKindOf(await _web.Local.SubmitAsync(TaskSpec.Builder("api-typed", HandlerWorkload.Create("nope")).Build(), "api-typed-3")));
        await _web.WaitForAsync("api-typed-1", t => t.IsSettled);
        Assert.IsType<RerunResult.Accepted>(await _web.Client.RerunAsync("api-typed-1"));
        Assert.IsType<CancelResult.NotFound>(await _web.Client.CancelAsync("api-typed-missing"));
        var events = Assert.IsType<EventsResult.Found>(await _web.Client.EventsAsync("api-typed-1"));
        var local = Assert.IsType<EventsResult.Found>(await _web.Local.EventsAsync("api-typed-1"));
        Assert.Equal(local.Events.Select(e => (e.SequenceNr, e.Manifest, e.Json)), events.Events.Select(e => (e.SequenceNr, e.Manifest, e.Json)));
        Assert.IsType<ListResult.Invalid>(await _web.Client.ListAsync(TaskQuery.All.WithLimit(0)));
    }

    private static Model.Commands.RejectionKind? RejectionKindOf(SubmitResult result) => (result as SubmitResult.Rejected)?.Kind;

    private async Task<TaskResource> SubmitAsync(string id, TaskSpec spec) =>
        Assert.IsType<SubmitResult.Accepted>(await _web.Client.SubmitAsync(spec, id)).Task;

    private Task<HttpResponseMessage> PostAsync(string body, string contentType) =>
        _web.Http.PostAsync("api/v1/tasks", new StringContent(body, Encoding.UTF8, contentType));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, long? ifMatchVersion, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        else if (ifMatchVersion is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        return _web.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
