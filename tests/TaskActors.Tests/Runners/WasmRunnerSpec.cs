using TaskActors.Testing;
using TaskActors.Model.Attempts;
using TaskActors.Model.Common;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

/// <summary>The wasm runner on real Wasmtime, with modules written as WebAssembly text into a temp modules directory.</summary>
public sealed class WasmRunnerSpec : IDisposable
{
    private readonly string _modules = Directory.CreateTempSubdirectory("taskactors-wasm-").FullName;
    private readonly WasmRunner _runner;

    public WasmRunnerSpec()
    {
        // A long stop grace: a cancel that ends within it proves the guest was interrupted, not abandoned.
        _runner = new WasmRunner(WasmRunnerSettings.Default(_modules) with { StopGrace = Patience });
    }

    public void Dispose() => Directory.Delete(_modules, recursive: true);

    private static WasmWorkload Wasm(string module, params string[] args) =>
        new(module, ValueList<string>.From(args), ValueList<EnvVar>.Empty);

    private Task<AttemptResult> RunAsync(WasmWorkload workload, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(Attempt(workload), cancellationToken).WaitAsync(Patience);

    [Fact]
    public async Task A_module_that_returns_from_start_succeeds_with_its_stdout_and_stderr()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "hello.wat", WasmModules.Hello)));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Error);
        Assert.Null(result.Pid);
        Assert.Equal("hello from wasm\n", result.StdoutTail);
        Assert.Equal("a warning\n", result.StderrTail);
    }

    [Fact]
    public async Task A_binary_module_runs_like_its_text()
    {
        File.WriteAllBytes(Path.Combine(_modules, "hello.wasm"), Wasmtime.Module.ConvertText(WasmModules.Hello));

        var result = await RunAsync(Wasm("hello.wasm"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("hello from wasm\n", result.StdoutTail);
    }

    [Fact]
    public async Task The_guest_gets_its_args_after_the_module_name_and_only_the_task_runner_and_attempt_env()
    {
        Environment.SetEnvironmentVariable("TASKACTORS_SPEC_HOST_ONLY", "must-not-leak");
        var runner = new WasmRunner(WasmRunnerSettings.Default(_modules), env: [new EnvVar("B", "runner")]);
        var workload = Wasm(WasmModules.Write(_modules, "echo.wat", WasmModules.EchoArgsAndEnv), "a b", "", "c") with
        {
            Env = ValueList<EnvVar>.Of(new EnvVar("A", "task"), new EnvVar("B", "task")),
        };

        var result = await runner.RunAsync(Attempt(workload, "wasm-7", attempt: 2), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("echo.wat\0a b\0\0c\0", result.StdoutTail);
        var env = result.StderrTail!.Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["A=task", "B=runner", "TASKACTORS_ATTEMPT=2", "TASKACTORS_TASK_ID=wasm-7"], env);
    }

    [Fact]
    public async Task Proc_exit_with_a_non_zero_code_fails_with_that_code_and_keeps_the_output()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "exit3.wat", WasmModules.ExitThree)));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exit code 3", result.Error);
        Assert.Equal("failing\n", result.StdoutTail);
    }

    [Fact]
    public async Task Proc_exit_zero_succeeds_and_nothing_after_it_runs()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "exit0.wat", WasmModules.ExitZero)));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_trap_fails_the_attempt_with_the_trap_message_and_where_it_happened()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "trap.wat", WasmModules.Trap)));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Null(result.ExitCode);
        Assert.StartsWith("wasm trap: wasm `unreachable` instruction executed (in function fail at offset 0x", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_interrupts_a_guest_in_an_infinite_loop_and_ends_Canceled()
    {
        var workdir = Directory.CreateDirectory(Path.Combine(_modules, "work")).FullName;
        var workload = Wasm(WasmModules.Write(_modules, "touch-loop.wat", WasmModules.TouchThenLoop)) with { Cwd = workdir };
        using var cancel = new CancellationTokenSource();

        var running = RunAsync(workload, cancel.Token);
        await Eventually.Until(() => File.Exists(Path.Combine(workdir, "started")), "the guest created 'started' and entered its loop");
        await cancel.CancelAsync();
        var result = await running;

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("canceled: the guest was interrupted", result.Error);
    }

    [Fact]
    public async Task Without_a_cwd_the_guest_sees_no_file_system()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "touch-loop.wat", WasmModules.TouchThenLoop)));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(8, result.ExitCode); // WASI errno EBADF: there is no preopened directory 3
        Assert.False(File.Exists(Path.Combine(_modules, "started")));
    }

    [Fact]
    public async Task A_cwd_that_does_not_exist_fails_naming_it()
    {
        var workload = Wasm(WasmModules.Write(_modules, "hello.wat", WasmModules.Hello)) with { Cwd = Path.Combine(_modules, "missing") };

        var result = await RunAsync(workload);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal($"working directory '{Path.Combine(_modules, "missing")}' does not exist", result.Error);
    }

    [Fact]
    public async Task A_token_canceled_before_the_start_ends_Canceled_without_running()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "loop.wat", WasmModules.Loop)), new CancellationToken(canceled: true));

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("canceled before module 'loop.wat' started", result.Error);
    }

    [Fact]
    public async Task A_memory_hungry_guest_is_refused_at_its_limit_and_fails_saying_so()
    {
        var workload = Wasm(WasmModules.Write(_modules, "hungry.wat", WasmModules.MemoryHungry)) with { MemoryLimitMiB = 2 };

        var result = await RunAsync(workload);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.StartsWith("wasm trap: wasm `unreachable` instruction executed", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("; its memory had grown to 1.06 MiB of its 2 MiB limit (growing past the limit is refused)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_whose_initial_memory_exceeds_the_node_default_limit_cannot_be_instantiated()
    {
        var runner = new WasmRunner(WasmRunnerSettings.Default(_modules) with { DefaultMemoryLimitBytes = 16 * WasmRunnerSettings.MiB });

        var result = await runner.RunAsync(Attempt(Wasm(WasmModules.Write(_modules, "large.wat", WasmModules.LargeInitialMemory))), CancellationToken.None);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(
            "cannot instantiate module 'large.wat': memory minimum size of 1024 pages exceeds memory limits (memory limit 16 MiB)",
            result.Error);
    }

    [Fact]
    public async Task A_missing_module_fails_naming_the_file_and_where_it_was_looked_for()
    {
        var result = await RunAsync(Wasm("jobs/missing.wasm"));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal($"module 'jobs/missing.wasm' not found (looked at {Path.Combine(_modules, "jobs", "missing.wasm")})", result.Error);
    }

    [Fact]
    public async Task A_corrupt_module_fails_naming_the_file_and_the_reason()
    {
        File.WriteAllBytes(Path.Combine(_modules, "corrupt.wasm"), [1, 2, 3, 4]);

        var result = await RunAsync(Wasm("corrupt.wasm"));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.StartsWith(
            $"module 'corrupt.wasm' ({Path.Combine(_modules, "corrupt.wasm")}) cannot be compiled: " +
            "WebAssembly module 'corrupt.wasm' is not valid: failed to parse WebAssembly module: magic header not detected",
            result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_text_fails_naming_the_file_and_the_type_error()
    {
        WasmModules.Write(_modules, "typo.wat", """(module (func (export "_start") (i32.add)))""");

        var result = await RunAsync(Wasm("typo.wat"));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.StartsWith($"module 'typo.wat' ({Path.Combine(_modules, "typo.wat")}) cannot be compiled: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("type mismatch", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_without_start_is_not_a_command_and_fails_saying_so()
    {
        var result = await RunAsync(Wasm(WasmModules.Write(_modules, "library.wat", WasmModules.NoStart)));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("module 'library.wat' exports no _start function (a WASI command module is needed)", result.Error);
    }

    [Fact]
    public async Task Attempts_on_one_module_compile_it_once_and_a_changed_file_is_compiled_again()
    {
        var hello = Wasm(WasmModules.Write(_modules, "hello.wat", WasmModules.Hello));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AttemptResultKind.Succeeded, (await RunAsync(hello)).Kind);
        }

        WasmModules.Write(_modules, "hello.wat", WasmModules.ExitZero);
        var changed = await RunAsync(hello);

        Assert.Equal(AttemptResultKind.Succeeded, changed.Kind);
        Assert.Null(changed.StdoutTail);
        Assert.Equal(2, _runner.ModulesCompiled);
        Assert.Equal(2, _runner.ModuleCacheHits);
    }

    [Fact]
    public void A_memory_limit_above_the_node_maximum_is_rejected_at_submit()
    {
        var runner = new WasmRunner(WasmRunnerSettings.Default(_modules) with { MaxMemoryLimitBytes = 512 * WasmRunnerSettings.MiB });

        Assert.Null(runner.CheckRunnable(Wasm("job.wasm") with { MemoryLimitMiB = 512 }));
        Assert.Equal(
            "memoryLimitMiB 513 is above the 512 MiB this node's wasm runner allows (task-actors.wasm.max-memory-limit)",
            runner.CheckRunnable(Wasm("job.wasm") with { MemoryLimitMiB = 513 }));
        Assert.Equal("the wasm runner does not run handler workloads", runner.CheckRunnable(new HandlerWorkload("x", null)));
    }
}
