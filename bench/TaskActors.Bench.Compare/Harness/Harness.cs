using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Compare.Systems;

namespace TaskActors.Bench.Compare;

/// <summary>The systems of the comparison, in the order the report lists them.</summary>
public static class Lineup
{
    public const string TaskActors = TaskActorsSystem.Name;
    public const string TaskActorsFull = TaskActorsSystem.FullName;
    public const string TaskActorsWasm = TaskActorsSystem.WasmName;
    public const string HangfireSqlite = "hangfire-sqlite";
    public const string HangfireInMemory = "hangfire-inmemory";
    public const string QuartzSqlite = QuartzSystem.SqliteName;
    public const string QuartzRam = QuartzSystem.RamName;
    public const string ProcessLoop = ProcessLoopSystem.SequentialName;
    public const string ProcessLoopParallel = ProcessLoopSystem.ParallelName;

    /// <summary>Display name and whether the system's store is durable (survives the process).</summary>
    public static (string Label, bool Durable) Describe(string system) => system switch
    {
        TaskActors => ("TaskActors (SQLite file, durability normal = product default)", true),
        TaskActorsFull => ("TaskActors (SQLite file, durability full)", true),
        TaskActorsWasm => ("TaskActors, a trivial wasm module instead of `true` (wasm runner, in process)", true),
        HangfireSqlite => ("Hangfire 1.8 + Hangfire.Storage.SQLite", true),
        HangfireInMemory => ("Hangfire 1.8 + Hangfire.InMemory", false),
        QuartzSqlite => ("Quartz.NET 4.7 + ADO store on SQLite", true),
        QuartzRam => ("Quartz.NET 4.7 + RAM store", false),
        ProcessLoop => ("plain loop: Process.Start + WaitForExit", false),
        ProcessLoopParallel => ("parallel loop: one process per core", false),
        _ => (system, false),
    };

    /// <summary>Which systems run which workload (workload 5 and the raw SQLite limit are run separately).</summary>
    public static IReadOnlyList<string> For(string workload) => workload switch
    {
        Workloads.OneShot => [TaskActors, TaskActorsFull, HangfireSqlite, HangfireInMemory, QuartzSqlite, QuartzRam],
        Workloads.Subprocess => [TaskActors, TaskActorsWasm, HangfireSqlite, HangfireInMemory, QuartzSqlite, QuartzRam, ProcessLoop, ProcessLoopParallel],
        _ => [TaskActors, HangfireSqlite, HangfireInMemory, QuartzSqlite, QuartzRam],
    };

    public static bool IsHangfire(string system) => system.StartsWith("hangfire", StringComparison.Ordinal);
}

/// <summary>
/// The parent process: runs every cell in a fresh child process (this program with <c>--cell</c>, or the Hangfire peer
/// program), each on a fresh temp directory, repetitions interleaved (rep 1 of every cell, then rep 2, ...) so a noisy
/// minute on the machine does not fall on one system only; then writes the report, the chart and the raw results.
/// </summary>
public static class Harness
{
    public static readonly string[] ThroughputWorkloads = [Workloads.OneShot, Workloads.Retry, Workloads.Latency, Workloads.Subprocess];

    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = MachineInfo.Read();
        var sizes = options.Sizes;
        Console.Error.WriteLine($"comparison benchmark ({(options.Quick ? "quick" : "full")}): {options.Command}");
        Console.Error.WriteLine($"  output: {options.OutDir}");
        var results = new List<CellResult>();

        for (var rep = 1; rep <= sizes.Repetitions; rep++)
        {
            Console.Error.WriteLine($"== repetition {rep} of {sizes.Repetitions}");
            if (Wanted(options, RawSqliteCell.System, Workloads.RawSqlite))
            {
                results.Add(await RunCell(NewRequest(sizes, RawSqliteCell.System, Workloads.RawSqlite, 0,
                    sizes.RawRows.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture)))));
            }

            foreach (var workload in ThroughputWorkloads)
            {
                foreach (var system in Lineup.For(workload).Where(s => Wanted(options, s, workload)))
                {
                    var request = NewRequest(sizes, system, workload, sizes.N(workload), new Dictionary<string, string>
                    {
                        ["warmup"] = sizes.WarmupJobs.ToString(CultureInfo.InvariantCulture),
                        ["settle-ms"] = sizes.SettleMs.ToString(CultureInfo.InvariantCulture),
                    });
                    results.Add(await RunCell(request));
                }
            }
        }

        if (Wanted(options, Lineup.TaskActors, Workloads.ColdStart))
            results.AddRange(await RunColdStart(sizes));

        // BenchmarkDotNet's short run takes about 20 s: full runs only.
        if (!options.Quick && Wanted(options, Micro.HotPathBenchmarks.System, Micro.HotPathBenchmarks.Workload))
            results.Add(await RunCell(NewRequest(sizes, Micro.HotPathBenchmarks.System, Micro.HotPathBenchmarks.Workload, 0, [])));

        var wall = clock.Elapsed;
        var run = new RunInfo(options, machine, started, wall, MachineInfo.LoadAverage());
        Directory.CreateDirectory(options.OutDir);
        var summary = new RunSummary(results, sizes);
        var markdown = Report.Render(run, summary);
        // Sections other benchmarks own (the HTTP API's, bench/TaskActors.Bench.Http) survive a new comparison run.
        var markdownPath = Path.Combine(options.OutDir, "benchmarks.md");
        var previous = File.Exists(markdownPath) ? await File.ReadAllTextAsync(markdownPath) : string.Empty;
        await File.WriteAllTextAsync(markdownPath, TaskActors.Bench.Shared.MarkdownSections.CarryOver(previous, markdown));
        Chart.Save(summary, Path.Combine(options.OutDir, "benchmarks.png"));
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "benchmarks.json"),
            JsonSerializer.Serialize(new { run = run.Describe(), results }, new JsonSerializerOptions(CellResult.Json) { WriteIndented = true }));
        Console.WriteLine(markdown);
        var failed = results.Where(r => r.Failure is not null).ToList();
        foreach (var f in failed)
            Console.Error.WriteLine($"FAILED {f.System}:{f.Workload}: {f.Failure}");
        Console.Error.WriteLine($"wrote {options.OutDir}/benchmarks.md, benchmarks.png, benchmarks.json in {wall.TotalSeconds:F0} s ({failed.Count} cells failed)");

        // Slow or incomplete cells are reported, not fatal; a cell that broke (exception, no result) fails the run.
        return results.Any(r => r.Crashed) ? 2 : 0;
    }

    private static bool Wanted(HarnessOptions options, string system, string workload) =>
        options.Only.Count == 0 || options.Only.Contains(system) || options.Only.Contains(workload);

    private static CellRequest NewRequest(Sizes sizes, string system, string workload, int n, Dictionary<string, string> args) =>
        new(system, workload, n, workload == Workloads.Latency ? sizes.Rate : 0, sizes.BackoffMs,
            Directory.CreateTempSubdirectory("taskactors-compare-").FullName, sizes.CellTimeout, args);

    /// <summary>Workload 5: build, restart and list, three processes on one store.</summary>
    private static async Task<List<CellResult>> RunColdStart(Sizes sizes)
    {
        Console.Error.WriteLine("== workload 5: cold start and list (TaskActors only)");
        var dir = Directory.CreateTempSubdirectory("taskactors-compare-cold-").FullName;
        var args = new Dictionary<string, string>
        {
            ["active"] = sizes.ColdActive.ToString(CultureInfo.InvariantCulture),
            ["queries"] = sizes.ListQueries.ToString(CultureInfo.InvariantCulture),
        };
        var results = new List<CellResult>();
        try
        {
            foreach (var cell in new[] { ColdStartCells.Build, ColdStartCells.Restart, ColdStartCells.List })
            {
                var request = new CellRequest(Lineup.TaskActors, cell, sizes.ColdFinished, 0, sizes.BackoffMs, dir, sizes.ColdTimeout, args);
                var result = await RunCell(request, keepDir: true);
                results.Add(result);
                if (result.Failure is not null && cell == ColdStartCells.Build)
                    break;
            }
        }
        finally
        {
            DeleteDir(dir);
        }

        return results;
    }

    /// <summary>Runs one cell in a fresh child process and returns its result line (or a failure).</summary>
    private static async Task<CellResult> RunCell(CellRequest request, bool keepDir = false)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Lineup.IsHangfire(request.System))
        {
            start.FileName = DotnetHost();
            start.ArgumentList.Add(HangfirePeer());
        }
        else if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) != "dotnet")
        {
            start.FileName = self;
        }
        else
        {
            start.FileName = DotnetHost();
            start.ArgumentList.Add(typeof(Harness).Assembly.Location);
        }

        foreach (var arg in request.ToArgs())
            start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"-- {request.System}:{request.Workload} N={request.N}");
        CellResult? result = null;
        var output = new List<string>();
        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            var errors = Task.Run(async () =>
            {
                while (await child.StandardError.ReadLineAsync() is { } line)
                    Console.Error.WriteLine("   | " + line);
            });
            var lines = Task.Run(async () =>
            {
                while (await child.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (CellResult.TryParse(line) is { } parsed)
                        result = parsed;
                    else
                        output.Add(line);
                }
            });
            using var limit = new CancellationTokenSource(request.Timeout + request.Timeout + TimeSpan.FromMinutes(2));
            try
            {
                await child.WaitForExitAsync(limit.Token);
                await Task.WhenAll(lines, errors);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                return CellResult.Failed(request, $"the cell process did not finish within {(request.Timeout + request.Timeout + TimeSpan.FromMinutes(2)).TotalSeconds:F0} s and was killed", crashed: true);
            }

            result ??= CellResult.Failed(request, $"the cell process exited with {child.ExitCode} without a result: {string.Join(" | ", output.TakeLast(3))}", crashed: true);
        }
        finally
        {
            if (!keepDir)
                DeleteDir(request.Dir);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   = {result.Throughput:N0} jobs/s, {result.Seconds:F2} s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms, peak {result.PeakWorkingSetBytes / 1048576} MB" +
            $"{(result.Failure is null ? string.Empty : " FAILED: " + result.Failure)} ({clock.Elapsed.TotalSeconds:F0} s with start-up)"));
        return result;
    }

    /// <summary>The Hangfire peer program, built next to this one (same configuration and framework folders).</summary>
    private static string HangfirePeer()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var project = output.Parent?.Parent?.Parent ?? throw new InvalidOperationException($"unexpected output folder {output.FullName}");
        var peer = Path.Combine(project.Parent!.FullName, "TaskActors.Bench.Compare.Hangfire", "bin", output.Parent!.Name, output.Name, "TaskActors.Bench.Compare.Hangfire.dll");
        return File.Exists(peer)
            ? peer
            : throw new FileNotFoundException($"the Hangfire peer program is not built at {peer}; build bench/TaskActors.Bench.Compare (it builds the peer first)");
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";

    private static void DeleteDir(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not delete {dir}: {e.Message}");
        }
    }
}
