using TaskActors.Model.Attempts;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;
using Wasmtime;

namespace TaskActors.Runners;

/// <summary>
/// Runs <see cref="WasmWorkload"/>s (runner name <c>wasm</c>): WASI preview 1 command modules, in process, on
/// Wasmtime. A TaskRun actor calls <see cref="RunAsync"/> once per attempt; the runner loads the module from its
/// cache (compiling it on first use), runs <c>_start</c> on a thread of the attempt's own, and returns how it ended,
/// with bounded tails of what the guest wrote to stdout and stderr.
/// </summary>
/// <remarks>
/// <para>
/// Outcomes: <c>_start</c> returns, or the guest calls <c>proc_exit(0)</c> → Succeeded with exit code 0;
/// <c>proc_exit(n)</c> → Failed <c>exit code n</c>; a trap → Failed with the trap's message and innermost frame
/// (<c>wasm trap: wasm `unreachable` instruction executed (in wasm function 0 at offset 0x30)</c>); a module missing,
/// unreadable or not valid WebAssembly → Failed naming the file and the reason; a module that cannot be instantiated
/// (an import other than WASI preview 1, initial memory above the limit) → Failed with Wasmtime's reason. When a
/// failed guest's memory had grown past half its limit the error says how far.
/// </para>
/// <para>
/// Modules: <see cref="WasmWorkload.Module"/> is a path, resolved against <see cref="WasmRunnerSettings.ModulesDirectory"/>
/// when relative; a name ending in <c>.wat</c> is WebAssembly text, compiled like a binary. Compiled modules are
/// cached by content hash (<see cref="WasmModuleCache"/>): <see cref="ModulesCompiled"/> and
/// <see cref="ModuleCacheHits"/> count the work.
/// </para>
/// <para>
/// Cancellation: when the token fires (timeout, cancel, replace, shutdown) the engine's epoch is advanced and the
/// guest stops at its next epoch check (every loop iteration and function entry), so even a tight infinite loop
/// ends at once; the result is <see cref="AttemptResultKind.Canceled"/>. A guest blocked in a host call (a WASI
/// sleep) that has not stopped within <see cref="WasmRunnerSettings.StopGrace"/> is abandoned: Canceled with error
/// <c>abandoned: ...</c>, and its thread ends when the call returns.
/// </para>
/// <para>
/// The Wasmtime engine is created on the first wasm attempt, so a node that never runs one pays nothing for it.
/// <see cref="CheckRunnable"/> rejects, at submit, a task asking for more memory than
/// <see cref="WasmRunnerSettings.MaxMemoryLimitBytes"/>.
/// </para>
/// </remarks>
public sealed class WasmRunner : ITaskRunner
{
    private readonly IReadOnlyList<EnvVar> _env;
    private readonly Lazy<Runtime> _runtime;

    /// <summary>Creates the wasm runner of this node.</summary>
    /// <param name="settings">Modules directory, memory limits, cache size and stop grace; null = <see cref="WasmRunnerSettings.Default"/>.</param>
    /// <param name="labels">The runner's labels, matched against task runner selectors; null = none.</param>
    /// <param name="env">The runner's environment, given to every guest; it wins over the task's env.</param>
    /// <param name="tailBytes">How many of the last bytes of stdout and of stderr to keep (each); 0 keeps none.</param>
    public WasmRunner(
        WasmRunnerSettings? settings = null,
        Labels? labels = null,
        IEnumerable<EnvVar>? env = null,
        int tailBytes = SubprocessRunner.DefaultTailBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tailBytes);
        Settings = settings ?? WasmRunnerSettings.Default();
        Settings.Check();
        Labels = labels ?? Labels.Empty;
        _env = env?.ToArray() ?? [];
        TailBytes = tailBytes;
        _runtime = new Lazy<Runtime>(() => new Runtime(Settings.ModuleCacheSize), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => "wasm";

    /// <inheritdoc />
    public Labels Labels { get; }

    /// <summary>Where modules are found, and the limits every guest runs under.</summary>
    public WasmRunnerSettings Settings { get; }

    /// <summary>The most bytes kept of each of stdout and stderr.</summary>
    public int TailBytes { get; }

    /// <summary>How many times a module was compiled since the runner was created (once per distinct module content while cached).</summary>
    public long ModulesCompiled => _runtime.IsValueCreated ? _runtime.Value.Cache.Compilations : 0;

    /// <summary>How many attempts found their module already compiled.</summary>
    public long ModuleCacheHits => _runtime.IsValueCreated ? _runtime.Value.Cache.Hits : 0;

    /// <inheritdoc />
    public bool Supports(Workload workload) => workload is WasmWorkload;

    /// <inheritdoc />
    /// <remarks>
    /// Whether the module exists is only known when an attempt starts (it may be deployed later); at submit only the
    /// memory limit is checked against <see cref="WasmRunnerSettings.MaxMemoryLimitBytes"/>.
    /// </remarks>
    public string? CheckRunnable(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload is not WasmWorkload wasm)
        {
            return $"the wasm runner does not run {workload.Kind} workloads";
        }

        var limit = Settings.MemoryLimitOf(wasm);
        return limit > Settings.MaxMemoryLimitBytes
            ? $"memoryLimitMiB {wasm.MemoryLimitMiB} is above the {WasmRunnerSettings.FormatBytes(Settings.MaxMemoryLimitBytes)} " +
              "this node's wasm runner allows (task-actors.wasm.max-memory-limit)"
            : null;
    }

    /// <inheritdoc />
    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workload is not WasmWorkload workload)
        {
            return AttemptResult.Failure($"the wasm runner does not run {context.Workload.Kind} workloads");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptResultKind.Canceled, Error: $"canceled before module '{workload.Module}' started");
        }

        if (CheckRunnable(workload) is { } problem)
        {
            return AttemptResult.Failure(problem);
        }

        var launch = Prepare(workload, context, out var error);
        if (launch is null)
        {
            return AttemptResult.Failure(error!);
        }

        var fullPath = Path.GetFullPath(Path.Combine(Settings.ModulesDirectory, workload.Module));
        var running = StartThread(context, () => RunGuest(launch, fullPath, cancellationToken));
        var cancelSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), cancelSignal))
        {
            if (await Task.WhenAny(running, cancelSignal.Task).ConfigureAwait(false) == running)
            {
                return await running.ConfigureAwait(false);
            }
        }

        // Canceled: a guest running WebAssembly code stops at once; only a blocked host call can take longer.
        try
        {
            return await running.WaitAsync(Settings.StopGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new AttemptResult(
                AttemptResultKind.Canceled,
                Error: $"abandoned: module '{workload.Module}' did not stop within {HandlerRunner.FormatDuration(Settings.StopGrace)} " +
                       "of cancellation (blocked in a host call); it stops when the call returns");
        }
    }

    private AttemptResult RunGuest(WasmLaunch launch, string fullPath, CancellationToken cancellationToken)
    {
        try
        {
            var runtime = _runtime.Value;
            var module = runtime.Cache.Load(launch.ShownModule, fullPath, out var error);
            if (module is null)
            {
                return AttemptResult.Failure(error!);
            }

            return new WasmGuest(runtime.Engine, runtime.Linker, cancellationToken).Run(module, launch);
        }
        catch (Exception e)
        {
            // Never throw for a workload: whatever escaped Wasmtime is this attempt's failure.
            return AttemptResult.Failure($"module '{launch.ShownModule}' failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private WasmLaunch? Prepare(WasmWorkload workload, AttemptContext context, out string? error)
    {
        error = null;
        string? cwd = null;
        if (workload.Cwd is { } requested)
        {
            cwd = Path.GetFullPath(requested);
            if (!Directory.Exists(cwd))
            {
                error = $"working directory '{requested}' does not exist";
                return null;
            }
        }

        var environment = new Dictionary<string, string>(EnvVar.Merge(workload.Env, _env), StringComparer.Ordinal)
        {
            [SubprocessLaunch.TaskIdVariable] = context.TaskId.Value,
            [SubprocessLaunch.AttemptVariable] = context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new WasmLaunch(
            workload.Module,
            Path.GetFileName(workload.Module),
            [.. workload.Args],
            environment,
            cwd,
            Settings.MemoryLimitOf(workload),
            TailBytes);
    }

    /// <summary>
    /// Runs <paramref name="run"/> on a new background thread: a guest may compute for minutes, which must not hold a
    /// thread-pool thread that actors need.
    /// </summary>
    private static Task<AttemptResult> StartThread(AttemptContext context, Func<AttemptResult> run)
    {
        var done = new TaskCompletionSource<AttemptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => done.SetResult(run()))
        {
            IsBackground = true,
            Name = $"wasm {context.TaskId}#{context.Attempt}",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>The engine (epoch interruption on), the WASI linker and the module cache, created on first use.</summary>
    private sealed class Runtime
    {
        public Runtime(int cacheSize)
        {
            using var config = new Config().WithEpochInterruption(true);
            Engine = new Engine(config);
            Linker = new Linker(Engine);
            Linker.DefineWasi();
            Cache = new WasmModuleCache(Engine, cacheSize);
        }

        public Engine Engine { get; }

        public Linker Linker { get; }

        public WasmModuleCache Cache { get; }
    }
}
