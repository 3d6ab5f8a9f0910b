using System.Text.Json;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.AspNetCore.Tests;

/// <summary>The OpenAPI document ASP.NET Core generates for the API, and the model's JSON shape in any serializer call.</summary>
[Collection(WebAppCollection.Name)]
public sealed class OpenApiSpec(WebAppFixture fixture)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_with_its_status_codes()
    {
        using var document = JsonDocument.Parse(await fixture.App.Http.GetStringAsync("api/openapi/taskactors.json"));
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        Assert.Equal("TaskActors API", root.GetProperty("info").GetProperty("title").GetString());
        var paths = root.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o);

        Assert.Equal(
            ["CancelTask", "DeleteTask", "GetSlot", "GetTask", "GetTaskEvents", "GetTaskRuns", "ListTasks", "RerunTask", "SubmitTasks"],
            operations.Keys.Order());
        Assert.Equal(("/api/v1/tasks", "get"), (operations["ListTasks"].Path, operations["ListTasks"].Method));
        Assert.Equal(("/api/v1/tasks/{id}/cancel", "post"), (operations["CancelTask"].Path, operations["CancelTask"].Method));
        Assert.Equal(("/api/v1/tasks/{id}", "delete"), (operations["DeleteTask"].Path, operations["DeleteTask"].Method));
        var listParameters = operations["ListTasks"].Operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "slot", "phase", "labelSelector", "text", "limit", "continue", "watch", "resourceVersion" }, listParameters.ToHashSet());
        Assert.Superset(new HashSet<string> { "200", "404", "409", "412" },
            operations["CancelTask"].Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
        Assert.Superset(new HashSet<string> { "201", "207", "409", "422", "429" },
            operations["SubmitTasks"].Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
    }

    [Fact]
    public void Any_System_Text_Json_call_writes_a_task_in_its_resource_shape_and_reads_it_back()
    {
        var spec = TaskSpec.Builder("shape", HandlerWorkload.Create("send-invoice", new { invoice = 42 })).Label("team", "finance").Build();
        var task = TaskResource.Create(new TaskId("invoice-42"), spec, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var plain = JsonSerializer.Serialize(task);
        var web = JsonSerializer.Serialize(new { task }, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var json = JsonDocument.Parse(plain);
        Assert.Equal("invoice-42", json.RootElement.GetProperty("metadata").GetProperty("id").GetString());
        Assert.Equal("pending", json.RootElement.GetProperty("status").GetProperty("phase").GetString());
        Assert.Equal(42, json.RootElement.GetProperty("spec").GetProperty("workload").GetProperty("handler").GetProperty("input").GetProperty("invoice").GetInt32());
        Assert.Contains(plain, web);
        Assert.Equal(task, JsonSerializer.Deserialize<TaskResource>(plain));
        Assert.Equal("\"succeeded\"", JsonSerializer.Serialize(TaskPhase.Succeeded));
        Assert.Equal("\"invoice-42\"", JsonSerializer.Serialize(task.Id));
    }
}
