using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Compare.Hangfire;

// A cell of the comparison benchmark: `--cell hangfire-sqlite|hangfire-inmemory:WORKLOAD ...`; prints one result line.
var request = CellRequest.Parse(args);
IJobSystem system = request.System switch
{
    HangfireSystem.SqliteName => new HangfireSystem(sqlite: true),
    HangfireSystem.InMemoryName => new HangfireSystem(sqlite: false),
    _ => throw new ArgumentException($"unknown system {request.System}"),
};
var result = await CellRunner.RunAsync(system, request);
await system.DisposeAsync();
result.Emit();
return 0;
