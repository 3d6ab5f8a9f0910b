using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TaskActors.Client;
using TaskActors.Model.Commands;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Persistence;
using TaskActors.Tasks;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>AddTaskActors in a real Generic Host: store location, DI handlers, options over HOCON, graceful stop.</summary>
public sealed class HostingSpec
{
    [Fact]
    public async Task The_store_lands_at_data_taskactors_db_under_the_content_root_and_a_DI_handler_runs_with_its_dependencies()
    {
        await using var harness = new HostHarness();
        await harness.StartAsync();

        var expected = Path.Combine(harness.ContentRoot, "data", "taskactors.db");
        Assert.Equal(expected, harness.Runtime.StorePath);
        Assert.True(File.Exists(expected), $"no store at {expected}");

        var submitted = await harness.Client.SubmitAsync(TaskSpec.Builder("di", HandlerWorkload.Create("record", new { greeting = "hi" })).Build());
        var accepted = Assert.IsType<SubmitResult.Accepted>(submitted);
        var id = accepted.Task.Id.Value;
        var task = await harness.WaitSettled(id);

        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var journal = harness.Handlers;
        var first = Assert.Single(journal.Entries, e => e.StartsWith(id + "#1 ", StringComparison.Ordinal));
        Assert.EndsWith("input {\"greeting\":\"hi\"}", first);

        // Each attempt resolves the handler in a scope of its own, disposed when the attempt ends.
        Assert.IsType<RerunResult.Accepted>(await harness.Client.RerunAsync(id));
        await harness.WaitFor(id, t => HostHarness.IsSettled(t) && t.Status.Attempt == 2, "settled after attempt 2");
        var second = Assert.Single(journal.Entries, e => e.StartsWith(id + "#2 ", StringComparison.Ordinal));
        var scopes = new[] { first, second }.Select(e => e.Split(' ')[2]).ToList();
        Assert.NotEqual(scopes[0], scopes[1]);
        await Eventually.Until(
            () => Task.FromResult(scopes.All(n => journal.Entries.Contains($"scope {n} disposed"))), "both attempt scopes disposed");
    }

    [Fact]
    public async Task The_client_is_resolvable_and_callable_before_the_host_starts()
    {
        await using var harness = new HostHarness();
        var host = harness.Build();
        var client = host.Services.GetRequiredService<ITaskClient>();
        var early = client.GetAsync("early-1");
        Assert.False(early.IsCompleted);

        await host.StartAsync();

        Assert.IsType<GetResult.NotFound>(await early.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_runtime_is_in_the_ActorRegistry()
    {
        await using var harness = new HostHarness();
        var host = await harness.StartAsync();

        var registry = host.Services.GetRequiredService<ActorRegistry>();
        var region = await registry.GetAsync<TaskRegionKey>();
        var index = await registry.GetAsync<TaskIndexKey>();
        var node = await harness.Runtime.WhenStartedAsync();
        Assert.Equal(node.Region, region);
        Assert.Equal(node.Index, index);

        // The region answers TaskEnvelopes directly too.
        var reply = await region.Ask<TaskProtocol.ITaskReply>(new TaskProtocol.TaskEnvelope(new TaskId("nobody"), TaskProtocol.Get.Instance), TimeSpan.FromSeconds(10));
        Assert.IsType<TaskProtocol.NotFound>(reply);
    }

    [Fact]
    public async Task Options_override_HOCON_where_given_and_overlays_apply_where_not()
    {
        await using var harness = new HostHarness();
        var overlay = Path.Combine(harness.ContentRoot, "conf", "extra.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(overlay)!);
        await File.WriteAllTextAsync(overlay, "task-actors.runtime.passivate-after = 7s\ntask-actors.runtime.node-name = from-file");
        await harness.StartAsync(o =>
        {
            o.StorePath = Path.Combine("custom", "place", "tasks.db");
            o.AddHocon("task-actors.runtime.node-name = from-hocon\ntask-actors.sqlite.durability = full\ntask-actors.runtime.snapshot-every = 42");
            o.AddHoconFile(Path.Combine("conf", "extra.conf"));
            o.NodeName = "from-options";
        });

        var store = Path.Combine(harness.ContentRoot, "custom", "place", "tasks.db");
        Assert.True(File.Exists(store), $"no store at {store}");
        Assert.False(File.Exists(Path.Combine(harness.ContentRoot, "data", "taskactors.db")));
        Assert.Equal(store, harness.Runtime.StorePath);

        var config = harness.System.Settings.Config;
        Assert.Equal("from-options", config.GetString("task-actors.runtime.node-name"));  // option beats both overlays
        Assert.Equal("full", config.GetString("task-actors.sqlite.durability"));          // no option: the overlay's
        Assert.Equal(42, config.GetInt("task-actors.runtime.snapshot-every"));            // overlay over the reference
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("task-actors.runtime.passivate-after")); // the file
        Assert.Equal(store, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(SqliteStoreSettings.Create(config).ConnectionString).DataSource);

        // The node name from the options is recorded in the run.
        var submitted = await harness.Client.SubmitAsync(TaskSpec.Builder("opts", HandlerWorkload.Create("record")).Build(), "opts-1");
        Assert.IsType<SubmitResult.Accepted>(submitted);
        await harness.WaitSettled("opts-1");
        var runs = Assert.IsType<RunsResult.Found>(await harness.Client.RunsAsync("opts-1"));
        Assert.Equal("from-options", Assert.Single(runs.Runs).Node);
    }

    [Fact]
    public async Task Runner_labels_from_the_options_are_matched_by_runner_selectors()
    {
        await using var harness = new HostHarness();
        await harness.StartAsync(o => o.RunnerLabels["pool"] = "blue");

        var matching = TaskSpec.Builder("sel-1", HandlerWorkload.Create("record"))
            .RunnerSelector(Model.Selectors.LabelSelector.ForLabels(("pool", "blue"))).Build();
        var other = TaskSpec.Builder("sel-2", HandlerWorkload.Create("record"))
            .RunnerSelector(Model.Selectors.LabelSelector.ForLabels(("pool", "red"))).Build();

        Assert.IsType<SubmitResult.Accepted>(await harness.Client.SubmitAsync(matching));
        var rejected = Assert.IsType<SubmitResult.Rejected>(await harness.Client.SubmitAsync(other));
        Assert.Equal(RejectionKind.NoRunner, rejected.Kind);

        var unknown = Assert.IsType<SubmitResult.Rejected>(await harness.Client.SubmitAsync(TaskSpec.Builder("sel-3", HandlerWorkload.Create("no-such-handler")).Build()));
        Assert.Equal(RejectionKind.UnknownHandler, unknown.Kind);
        Assert.Contains("record", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wasm_task_finds_its_module_under_the_content_root_and_the_wasm_runner_can_be_disabled()
    {
        await using var harness = new HostHarness();
        Directory.CreateDirectory(Path.Combine(harness.ContentRoot, "modules"));
        await File.WriteAllTextAsync(Path.Combine(harness.ContentRoot, "modules", "exit0.wat"), """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (i32.const 0))))
            """);
        await harness.StartAsync(o =>
        {
            o.WasmModulesDirectory = "modules";
            o.WasmDefaultMemoryLimitMiB = 8;
        });

        var config = harness.System.Settings.Config;
        Assert.Equal(Path.Combine(harness.ContentRoot, "modules"), config.GetString("task-actors.wasm.modules-directory"));
        Assert.Equal(8L * 1024 * 1024, config.GetByteSize("task-actors.wasm.default-memory-limit"));
        var wasm = TaskSpec.Builder("wasm", new WasmWorkload("exit0.wat", Model.Common.ValueList<string>.Empty, Model.Common.ValueList<EnvVar>.Empty)).Build();
        Assert.IsType<SubmitResult.Accepted>(await harness.Client.SubmitAsync(wasm, "wasm-1"));
        Assert.Equal(TaskPhase.Succeeded, (await harness.WaitSettled("wasm-1")).Phase);
        var run = Assert.Single(Assert.IsType<RunsResult.Found>(await harness.Client.RunsAsync("wasm-1")).Runs);
        Assert.Equal(("wasm", 0), (run.Runner, run.ExitCode));

        await harness.StopAsync();
        SqliteConnectionPools.Clear();
        await harness.StartAsync(o => o.EnableWasmRunner = false);
        var rejected = Assert.IsType<SubmitResult.Rejected>(await harness.Client.SubmitAsync(wasm, "wasm-2"));
        Assert.Equal(RejectionKind.NoRunner, rejected.Kind);
    }

    [Fact]
    public async Task A_graceful_host_stop_records_the_running_attempt_and_the_next_host_continues_it()
    {
        await using var harness = new HostHarness();
        await harness.StartAsync();
        var spec = TaskSpec.Builder("graceful", HandlerWorkload.Create("block-first"))
            .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
        Assert.IsType<SubmitResult.Accepted>(await harness.Client.SubmitAsync(spec, "graceful-1"));
        var journal = harness.Handlers;
        await journal.StartedSignal("graceful-1").Task.WaitAsync(TimeSpan.FromSeconds(30));

        await harness.StopAsync();
        SqliteConnectionPools.Clear();
        await harness.StartAsync();

        var task = await harness.WaitSettled("graceful-1");
        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var runs = Assert.IsType<RunsResult.Found>(await harness.Client.RunsAsync("graceful-1")).Runs;
        Assert.Equal(2, runs.Count);
        Assert.Equal(TaskPhase.Failed, runs[0].Phase);
        Assert.Equal(AttemptFinished.InterruptedError, runs[0].Error);
        Assert.NotNull(runs[0].FinishedAt);
        Assert.Equal(TaskPhase.Succeeded, runs[1].Phase);
    }

    [Fact]
    public async Task The_client_waits_for_the_runtime_and_reports_a_stopped_host_as_a_fault()
    {
        await using var harness = new HostHarness();
        await harness.StartAsync(o => o.ClientTimeout = TimeSpan.FromSeconds(5));
        var client = harness.Client;
        Assert.IsType<GetResult.NotFound>(await client.GetAsync("before-stop"));

        await harness.StopAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("after-stop"));
    }

    [Fact]
    public async Task A_store_that_cannot_be_created_fails_the_host_start_and_the_waiting_client()
    {
        await using var harness = new HostHarness();
        await File.WriteAllTextAsync(Path.Combine(harness.ContentRoot, "blocker"), "a file where the store's folder should be");
        var host = harness.Build(o => o.StorePath = Path.Combine("blocker", "store.db"));
        var client = host.Services.GetRequiredService<ITaskClient>();
        var early = client.GetAsync("early-1");

        await Assert.ThrowsAnyAsync<IOException>(() => host.StartAsync());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => early);
        Assert.Contains("failed to start", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_TaskActors_twice_is_refused()
    {
        var services = new ServiceCollection();
        services.AddTaskActors();
        Assert.Throws<InvalidOperationException>(() => services.AddTaskActors());
    }

    /// <summary>Avoids a Microsoft.Data.Sqlite import in every spec.</summary>
    private static class SqliteConnectionPools
    {
        public static void Clear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
