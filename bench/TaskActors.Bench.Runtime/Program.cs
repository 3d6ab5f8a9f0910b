using System.Globalization;
using TaskActors.Bench.Runtime;

if (RetentionBench.Requested(args))
    return await RetentionBench.RunAsync(args);
if (PulseBench.Requested(args))
    return await PulseBench.RunAsync(args);

var options = BenchOptions.Parse(args);
if (options.ColdChildStore is not null)
    return await ColdStartBench.ChildMain(options);

var inv = CultureInfo.InvariantCulture;
var startedUtc = DateTime.UtcNow;
var loadAtStart = PhaseMeter.LoadAverage();
Console.Error.WriteLine($"runtime benchmark: {options.Command}");

var sqlite = new List<LifecycleResult>();
var memory = new List<LifecycleResult>();
if (options.Lifecycles)
{
    foreach (var (list, inMemory) in new[] { (sqlite, false), (memory, true) })
    {
        if (inMemory && !options.Ceiling)
            continue;
        for (var r = 1; r <= options.Runs; r++)
        {
            var result = await LifecycleBench.Run(options, r, inMemory);
            Console.Error.WriteLine(string.Create(inv,
                $"lifecycles {(inMemory ? "in-memory" : "sqlite")} N={result.Tasks} run {r}: {result.LifecyclesPerSecond:N0} lifecycles/s, " +
                $"{result.EventsPerSecond:N0} task events/s, submit p50 {result.SubmitP50Ms:N0} ms p99 {result.SubmitP99Ms:N0} ms, " +
                $"peak {result.PeakWorkingSetBytes / 1048576} MB, {result.CpuMsPerLifecycle:F2} ms CPU/lifecycle; {result.Cost.Describe()} {result.Failure}"));
            list.Add(result);
        }
    }
}

BuildResult? build = null;
var restarts = new List<RestartResult>();
if (options.ColdStart)
{
    var path = BenchConfig.NewStorePath("cold");
    try
    {
        Console.Error.WriteLine($"cold start: building F={options.Finished:N0} (budget {options.BuildBudgetSeconds}s) + A={options.Active:N0} in {path}");
        build = await ColdStartBench.Build(path, options);
        build = build with { StoreBytes = BenchConfig.StoreBytes(path) };
        for (var k = 1; k <= options.Restarts; k++)
        {
            restarts.Add(await ColdStartBench.Restart(path, options, k));
        }
    }
    finally
    {
        if (options.KeepStore)
            Console.Error.WriteLine($"kept the cold-start store {path}");
        else
            BenchConfig.DeleteStore(path);
    }
}

var report = Report.Render(options, startedUtc, loadAtStart, sqlite, memory, build, restarts);
Console.WriteLine(report);
var target = options.Results ?? ResultsFile.DefaultPath();
if (target is not null && target != "none")
{
    File.WriteAllText(target, report);
    Console.Error.WriteLine($"wrote {Path.GetFullPath(target)}");
}

var failed = sqlite.Concat(memory).Any(r => r.Failure is not null) || build?.Failure is not null || restarts.Any(r => r.Failure is not null);
return failed ? 1 : 0;
