using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TaskActors.Bench.Compare.Cells;
using TaskActors.Model.Attempts;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Workloads;
using TaskActors.Runners;

namespace TaskActors.Bench.Compare.Micro;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the pure code on every task's path (<c>--micro</c>, or a cell of the comparison
/// run): the backoff delay of a retry, and the stored form of a task's three events (what the journal serializer
/// writes per event, and what recovery and the read-side index parse per event); and one attempt on each process-level
/// runner alone, without the journal (a trivial wasm module, and the program <c>true</c>).
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    public const string System = "micro";
    public const string Workload = "hotpath";

    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly BackoffPolicy _backoff = new(JitterPolicy.Full, 1_000, 30_000, 2.0);
    private readonly Random _random = new(42);
    private readonly object[] _events =
    [
        new TaskCreated(new TaskId("bench-0000001"), Model.Specs.TaskSpec.Builder("bench-0000001", HandlerWorkload.Create("noop")).Build(), At),
        new AttemptStarted(1, At, "handler", "node-1"),
        new AttemptFinished(1, TaskPhase.Succeeded, At),
    ];

    private (byte[] Bytes, string Manifest)[] _stored = [];
    private string _modules = string.Empty;
    private WasmRunner _wasm = null!;
    private AttemptContext _wasmAttempt = null!;
    private readonly SubprocessRunner _subprocess = new();
    private readonly AttemptContext _subprocessAttempt =
        new(new TaskId("bench-true"), 1, SubprocessWorkload.Command(TrueProcess.Command), "node-1");

    [GlobalSetup]
    public void Setup()
    {
        _stored = _events.Select(e => (TaskEventJson.ToBytes(e), TaskEventJson.ManifestOf(e))).ToArray();
        _modules = Directory.CreateTempSubdirectory("taskactors-micro-wasm-").FullName;
        File.WriteAllText(Path.Combine(_modules, "noop.wat"), Systems.TaskActorsSystem.NoopModule);
        _wasm = new WasmRunner(WasmRunnerSettings.Default(_modules));
        _wasmAttempt = new AttemptContext(
            new TaskId("bench-wasm"), 1, new WasmWorkload("noop.wat", Model.Common.ValueList<string>.Empty, Model.Common.ValueList<EnvVar>.Empty), "node-1");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_modules, recursive: true);

    /// <summary>One attempt of a trivial WASI module on the wasm runner alone (module cached; fresh store, instance and thread).</summary>
    [Benchmark]
    public AttemptResultKind WasmAttempt() => _wasm.RunAsync(_wasmAttempt, CancellationToken.None).GetAwaiter().GetResult().Kind;

    /// <summary>One attempt of the program <c>true</c> on the subprocess runner alone.</summary>
    [Benchmark]
    public AttemptResultKind SubprocessAttempt() => _subprocess.RunAsync(_subprocessAttempt, CancellationToken.None).GetAwaiter().GetResult().Kind;

    /// <summary>The delay of the 4th retry of a streak, with full jitter.</summary>
    [Benchmark]
    public long BackoffNext() => _backoff.Next(3, _random);

    /// <summary>TaskCreated + AttemptStarted + AttemptFinished to their stored bytes.</summary>
    [Benchmark]
    public int SerializeLifecycle()
    {
        var total = 0;
        foreach (var e in _events)
            total += TaskEventJson.ToBytes(e).Length;
        return total;
    }

    /// <summary>The same three events read back from their stored bytes.</summary>
    [Benchmark]
    public int DeserializeLifecycle()
    {
        var count = 0;
        foreach (var (bytes, manifest) in _stored)
            count += TaskEventJson.FromBytes(bytes, manifest) is not null ? 1 : 0;
        return count;
    }

    /// <summary>Runs the benchmarks in this process (no generated project to build), with BenchmarkDotNet's short run.</summary>
    public static Summary Run(string[] args, string artifacts)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(artifacts);
        return BenchmarkRunner.Run<HotPathBenchmarks>(config, args);
    }

    /// <summary>The micro-benchmarks as a cell of the comparison run: mean time and allocation per operation.</summary>
    public static CellResult Cell(CellRequest request)
    {
        var summary = Run([], request.Dir);
        var extra = new Dictionary<string, double>();
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            extra[name + ".ns"] = report.ResultStatistics?.Mean ?? double.NaN;
            extra[name + ".bytes"] = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;
        }

        return new CellResult(
            request.System, request.Workload, 0, summary.Reports.Length, summary.TotalTime.TotalSeconds, double.NaN, double.NaN, double.NaN, double.NaN,
            CellResult.PeakWorkingSet(), "BenchmarkDotNet 0.15.8, ShortRun job, in-process toolchain, MemoryDiagnoser", null,
            summary.HasCriticalValidationErrors ? "BenchmarkDotNet reported critical validation errors" : null, extra)
        {
            Crashed = summary.HasCriticalValidationErrors,
        };
    }
}
