using System.Globalization;
using TaskActors.Model.Attempts;
using Wasmtime;

namespace TaskActors.Runners;

/// <summary>
/// One attempt of a WASI command module: a fresh store and instance of a compiled module, run to its end on the
/// calling thread (the <see cref="WasmRunner"/> gives each attempt a thread of its own).
/// </summary>
/// <remarks>
/// <para>
/// Sandbox: the guest gets its arguments (<c>argv[0]</c> = the module's file name), the merged task and runner env
/// plus <c>TASKACTORS_TASK_ID</c> / <c>TASKACTORS_ATTEMPT</c>, an empty stdin, and no file system unless the workload
/// names a <c>cwd</c> (preopened read-write as <c>.</c>). Its linear memory may grow to the attempt's limit and no
/// further (a <c>memory.grow</c> beyond it returns -1 to the guest; a module whose initial memory is larger fails to
/// instantiate).
/// </para>
/// <para>
/// Interruption: the engine has epoch interruption on; the store's deadline is one epoch ahead and the deadline
/// callback either lets the guest continue (another attempt's cancellation advanced the epoch) or, when this
/// attempt's token has fired, stops the guest by throwing. <see cref="Interrupt"/> advances the engine's epoch, so a
/// guest in a tight loop stops within one loop iteration. A guest blocked in a host call (a WASI sleep) is stopped
/// when it next runs WebAssembly code.
/// </para>
/// </remarks>
internal sealed class WasmGuest
{
    private readonly Engine _engine;
    private readonly Linker _linker;
    private readonly CancellationToken _cancellationToken;
    private volatile bool _interrupted;

    public WasmGuest(Engine engine, Linker linker, CancellationToken cancellationToken)
    {
        _engine = engine;
        _linker = linker;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Advances the engine's epoch so that a running guest checks its token (called when the token fires).</summary>
    public void Interrupt() => _engine.IncrementEpoch();

    /// <summary>Runs <paramref name="module"/>'s <c>_start</c> and says how it ended; never throws for a guest problem.</summary>
    public AttemptResult Run(Module module, WasmLaunch launch)
    {
        var stdout = new OutputTail(launch.TailBytes);
        var stderr = new OutputTail(launch.TailBytes);
        using var store = new Store(_engine);
        store.SetWasiConfiguration(Configure(launch, stdout, stderr));
        store.SetLimits(memorySize: launch.MemoryLimitBytes);
        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(_ =>
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                _interrupted = true;
                throw new OperationCanceledException("the attempt was canceled");
            }

            return 1;
        });

        // Registered after the deadline is set: a token that has already fired advances the epoch now, and the guest
        // stops at its first check.
        using var registration = _cancellationToken.Register(static state => ((WasmGuest)state!).Interrupt(), this);
        Instance? instance = null;
        try
        {
            instance = _linker.Instantiate(store, module);
            var start = instance.GetAction("_start");
            if (start is null)
            {
                return AttemptResult.Failure($"module '{launch.ShownModule}' exports no _start function (a WASI command module is needed)");
            }

            start();
            return End(AttemptResultKind.Succeeded, 0, null);
        }
        catch (WasmtimeException) when (_interrupted)
        {
            return End(AttemptResultKind.Canceled, null, "canceled: the guest was interrupted");
        }
        catch (WasmtimeException e) when (e.ExitCode is { } exitCode)
        {
            return exitCode == 0
                ? End(AttemptResultKind.Succeeded, 0, null)
                : End(AttemptResultKind.Failed, exitCode, $"exit code {exitCode.ToString(CultureInfo.InvariantCulture)}" + MemoryNote(instance, launch));
        }
        catch (WasmtimeException e) when (instance is null)
        {
            return End(
                AttemptResultKind.Failed,
                null,
                $"cannot instantiate module '{launch.ShownModule}': {WasmErrors.Describe(e)} (memory limit {WasmRunnerSettings.FormatBytes(launch.MemoryLimitBytes)})");
        }
        catch (WasmtimeException e)
        {
            return End(AttemptResultKind.Failed, null, WasmErrors.DescribeExecution(e) + MemoryNote(instance, launch));
        }

        AttemptResult End(AttemptResultKind kind, int? exitCode, string? error) =>
            new(kind, exitCode, error, StdoutTail: stdout.ToText(), StderrTail: stderr.ToText());
    }

    private static WasiConfiguration Configure(WasmLaunch launch, OutputTail stdout, OutputTail stderr)
    {
        var wasi = new WasiConfiguration()
            .WithArgs([launch.ProgramName, .. launch.Args])
            .WithEnvironmentVariables(launch.Environment.Select(pair => (pair.Key, pair.Value)))
            .WithStandardOutputCallback(data => stdout.Append(data))
            .WithStandardErrorCallback(data => stderr.Append(data));
        if (launch.Cwd is { } cwd)
        {
            wasi.WithPreopenedDirectory(cwd, ".", mutable: true);
        }

        return wasi;
    }

    /// <summary>
    /// When a failed guest's memory had grown past half its limit, says how far: a <c>memory.grow</c> past the limit
    /// returns -1, which a guest usually turns into a trap or an error exit that does not mention memory. (Wasmtime's
    /// embedding API does not report refused grows, so the runner states the size rather than guess at a refusal;
    /// allocators grow by about what they hold, so a refused guest has passed half its limit.)
    /// </summary>
    private static string MemoryNote(Instance? instance, WasmLaunch launch)
    {
        if (instance is null)
        {
            return string.Empty;
        }

        var largest = instance.GetMemories().Select(m => m.Memory.GetLength()).DefaultIfEmpty(0).Max();
        return largest * 2 > launch.MemoryLimitBytes
            ? $"; its memory had grown to {(largest / (double)WasmRunnerSettings.MiB).ToString("0.##", CultureInfo.InvariantCulture)} MiB " +
              $"of its {WasmRunnerSettings.FormatBytes(launch.MemoryLimitBytes)} limit (growing past the limit is refused)"
            : string.Empty;
    }
}

/// <summary>What one wasm attempt runs with, prepared by the <see cref="WasmRunner"/>.</summary>
/// <param name="ShownModule">The module as the task names it, for messages.</param>
/// <param name="ProgramName">The guest's <c>argv[0]</c>: the module's file name.</param>
/// <param name="Args">The guest's arguments after <c>argv[0]</c>.</param>
/// <param name="Environment">The guest's whole environment.</param>
/// <param name="Cwd">The full path preopened as <c>.</c>, or null for no file system.</param>
/// <param name="MemoryLimitBytes">How large the instance's linear memory may grow.</param>
/// <param name="TailBytes">How many of the last bytes of stdout and of stderr are kept.</param>
internal sealed record WasmLaunch(
    string ShownModule,
    string ProgramName,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string? Cwd,
    long MemoryLimitBytes,
    int TailBytes);
