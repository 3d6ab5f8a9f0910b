using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Compare.Systems;

namespace TaskActors.Bench.Compare;

/// <summary>A child process measuring one cell: the TaskActors, Quartz, process-loop and raw SQLite cells run here.</summary>
public static class CellHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var request = CellRequest.Parse(args);
        Console.Error.WriteLine($"  cell {request.System}:{request.Workload} N={request.N} in {request.Dir}");
        CellResult result;
        try
        {
            result = await Measure(request);
        }
        catch (Exception e)
        {
            result = CellResult.Failed(request, $"{e.GetType().Name}: {e.Message}", crashed: true);
        }

        result.Emit();
        return 0;
    }

    private static async Task<CellResult> Measure(CellRequest request)
    {
        if (request.System == RawSqliteCell.System)
            return RawSqliteCell.Run(request);
        if (request.System == Micro.HotPathBenchmarks.System)
            return Micro.HotPathBenchmarks.Cell(request);
        if (request.Workload.StartsWith(Workloads.ColdStart, StringComparison.Ordinal))
            return await ColdStartCells.RunAsync(request);
        IJobSystem system = request.System switch
        {
            TaskActorsSystem.Name => new TaskActorsSystem("normal"),
            TaskActorsSystem.FullName => new TaskActorsSystem("full"),
            TaskActorsSystem.WasmName => new TaskActorsSystem("normal", wasm: true),
            QuartzSystem.SqliteName => new QuartzSystem(ado: true),
            QuartzSystem.RamName => new QuartzSystem(ado: false),
            ProcessLoopSystem.SequentialName => new ProcessLoopSystem(parallel: false),
            ProcessLoopSystem.ParallelName => new ProcessLoopSystem(parallel: true),
            _ => throw new ArgumentException($"unknown system {request.System}"),
        };
        await using (system)
        {
            return await CellRunner.RunAsync(system, request);
        }
    }
}
