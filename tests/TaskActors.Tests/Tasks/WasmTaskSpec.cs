using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using TaskActors.Tests.Runners;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>Wasm tasks on a real node and SQLite store: timeout and cancel recorded as such, and one compile for many tasks.</summary>
public sealed class WasmTaskSpec : IAsyncLifetime
{
    private readonly RuntimeHarness _harness = new();
    private WasmRunner _wasm = null!;

    public Task InitializeAsync()
    {
        _wasm = new WasmRunner(WasmRunnerSettings.Default(_harness.Directory));
        _harness.Start(new RunnerSet(new SubprocessRunner(), _wasm));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private TaskSpec Spec(string slot, string module, string wat, long timeoutMs = 30_000) =>
        TaskSpec.Builder(slot, new WasmWorkload(WasmModules.Write(_harness.Directory, module, wat), ValueList<string>.Empty, ValueList<EnvVar>.Empty))
            .TimeoutMs(timeoutMs)
            .Build();

    [Fact]
    public async Task A_wasm_task_succeeds_and_its_run_records_the_wasm_runner_exit_code_and_output()
    {
        await _harness.Submit("hello-1", Spec("hello", "hello.wat", WasmModules.Hello));
        var task = await _harness.WaitSettled("hello-1");

        Assert.Equal(TaskPhase.Succeeded, task.Phase);
        var run = Assert.Single(await _harness.Runs("hello-1"));
        Assert.Equal("wasm", run.Runner);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello from wasm\n", run.StdoutTail);
        Assert.Equal("a warning\n", run.StderrTail);
    }

    [Fact]
    public async Task An_infinite_loop_is_interrupted_by_the_timeout_and_ends_Timeout()
    {
        await _harness.Submit("loop-1", Spec("loop", "loop.wat", WasmModules.Loop, timeoutMs: 300));
        var task = await _harness.WaitSettled("loop-1");

        Assert.Equal(TaskPhase.Timeout, task.Phase);
        Assert.StartsWith("timed out after 300 ms", task.Status.Error, StringComparison.Ordinal);
        Assert.Equal(TaskPhase.Timeout, Assert.Single(await _harness.Runs("loop-1")).Phase);
    }

    [Fact]
    public async Task Cancel_interrupts_a_running_guest_and_ends_Canceled()
    {
        await _harness.Submit("spin-1", Spec("spin", "spin.wat", WasmModules.Loop));
        await _harness.WaitFor("spin-1", t => t.Phase == TaskPhase.Running, what: "running");

        Assert.IsType<Accepted>(await _harness.Ask("spin-1", new Cancel()));
        var task = await _harness.WaitFor("spin-1", t => t.Phase == TaskPhase.Canceled);
        await _harness.Kit.AwaitAssertAsync(async () => Assert.All(await _harness.Runs("spin-1"), r => Assert.False(r.IsActive)));

        Assert.Equal("canceled by client", task.Status.Error);
        Assert.Equal(TaskPhase.Canceled, Assert.Single(await _harness.Runs("spin-1")).Phase);
    }

    [Fact]
    public async Task Two_hundred_tasks_on_one_module_compile_it_once()
    {
        var module = WasmModules.Write(_harness.Directory, "shared.wat", WasmModules.Hello);
        var workload = new WasmWorkload(module, ValueList<string>.Empty, ValueList<EnvVar>.Empty);
        var ids = Enumerable.Range(1, 200).Select(i => $"many-{i}").ToList();

        await Task.WhenAll(ids.Select(id => _harness.Submit(id, TaskSpec.Builder(id, workload).Build())));
        foreach (var id in ids)
        {
            Assert.Equal(TaskPhase.Succeeded, (await _harness.WaitSettled(id)).Phase);
        }

        Assert.Equal(1, _wasm.ModulesCompiled);
        Assert.Equal(199, _wasm.ModuleCacheHits);
    }

    [Fact]
    public async Task A_task_asking_for_more_memory_than_the_node_allows_is_rejected_NoRunner()
    {
        var spec = TaskSpec.Builder("big", new WasmWorkload("job.wasm", ValueList<string>.Empty, ValueList<EnvVar>.Empty, MemoryLimitMiB: 8192)).Build();

        var rejected = Assert.IsType<Rejected>(await _harness.Ask("big-1", new Submit(spec)));

        Assert.Equal(RejectionKind.NoRunner, rejected.Kind);
        Assert.Equal("memoryLimitMiB 8192 is above the 4096 MiB this node's wasm runner allows (task-actors.wasm.max-memory-limit)", rejected.Message);
    }
}
