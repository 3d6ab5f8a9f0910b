using TaskActors.Bench.Compare;
using TaskActors.Bench.Compare.Cells;

// One command: `dotnet run -c Release --project bench/TaskActors.Bench.Compare [-- --quick] [--out DIR]`.
// The harness runs every cell in a fresh child process of this program (`--cell SYSTEM:WORKLOAD ...`) or of the
// Hangfire peer program, gathers their result lines and writes the Markdown report and the chart.
// `--micro [BenchmarkDotNet args]` runs the micro-benchmarks of hot pure code instead (see Micro/HotPathBenchmarks.cs).
if (args.Contains(CellRequest.Flag))
    return await CellHost.RunAsync(args);
if (args.FirstOrDefault() == "--micro")
    return TaskActors.Bench.Compare.Micro.HotPathBenchmarks.Run(args[1..], Path.Combine(Path.GetTempPath(), "taskactors-micro")).HasCriticalValidationErrors ? 1 : 0;
return await Harness.RunAsync(HarnessOptions.Parse(args));
