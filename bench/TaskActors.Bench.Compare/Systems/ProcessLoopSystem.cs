using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare.Systems;

/// <summary>
/// The physical limit of workload 4: no scheduler, no store. Sequential: each submit starts <c>true</c> and waits for it
/// before returning, so the harness's submit loop is a plain loop of Process.Start + WaitForExit. Parallel: the same with
/// up to one process per core at a time.
/// </summary>
public sealed class ProcessLoopSystem(bool parallel) : IJobSystem
{
    public const string SequentialName = "process-loop";
    public const string ParallelName = "process-loop-parallel";

    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);

    public string Config => parallel
        ? $"Process.Start(\"true\") + WaitForExit, at most {Environment.ProcessorCount} at a time (one per core), nothing persisted"
        : "a plain loop: Process.Start(\"true\") + WaitForExit, one after another, nothing persisted";

    public string? Deviation(JobKind kind, CellRequest request) => null;

    public Task StartAsync(CellRequest request) => Task.CompletedTask;

    public Task SubmitAsync(int index, JobKind kind)
    {
        if (kind != JobKind.Process)
            throw new ArgumentException("the process loop only runs subprocess jobs", nameof(kind));
        if (!parallel)
        {
            TrueProcess.Run();
            JobRecorder.Done();
            return Task.CompletedTask;
        }

        return RunOnACore();
    }

    public Task<Dictionary<string, double>> StopAsync(double measuredSeconds) => Task.FromResult(new Dictionary<string, double>());

    public ValueTask DisposeAsync()
    {
        _cores.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunOnACore()
    {
        await _cores.WaitAsync();
        try
        {
            await TrueProcess.RunAsync();
            JobRecorder.Done();
        }
        finally
        {
            _cores.Release();
        }
    }
}
