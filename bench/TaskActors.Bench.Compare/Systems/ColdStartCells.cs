using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Queries;
using TaskActors.Bench.Runtime;
using TaskActors.Node;
using RuntimeOptions = TaskActors.Bench.Runtime.BenchOptions;

namespace TaskActors.Bench.Compare.Systems;

/// <summary>
/// Workload 5 (TaskActors only), three cells on one store file, each in a fresh process: <c>build</c> writes F finished
/// and A active tasks through the runtime and crashes the node (the runtime benchmark's <see cref="ColdStartBench.Build"/>);
/// <c>restart</c> starts a node on it and measures until every active task has resumed on its own
/// (<see cref="ColdStartBench.Restart"/>); <c>list</c> starts a node, waits until the read-side index is rebuilt from the
/// journal, and measures list latency (the queries benchmark's <see cref="IndexBench.ListLatency"/>).
/// </summary>
public static class ColdStartCells
{
    public const string Build = "coldstart-build";
    public const string Restart = "coldstart-restart";
    public const string List = "coldstart-list";

    /// <summary>The list queries reported (the queries benchmark runs a few more, meant for its synthetic store).</summary>
    public static readonly string[] ReportedQueries = ["phases=Running, first page (limit 100)", "no filter, limit 1000"];

    public static string StorePath(CellRequest request) => Path.Combine(request.Dir, "coldstart.db");

    private static RuntimeOptions Options(CellRequest request) => new()
    {
        Finished = request.N,
        Active = request.IntArg("active", 1_000),
        BuildBudgetSeconds = 0,
        RestartMode = "inproc",
        Timeout = request.Timeout,
        ResumeTimeout = request.Timeout,
    };

    public static async Task<CellResult> RunAsync(CellRequest request) => request.Workload switch
    {
        Build => await BuildStore(request),
        Restart => await RestartNode(request),
        List => await ListTasks(request),
        _ => throw new ArgumentException($"unknown cold-start cell {request.Workload}"),
    };

    private static async Task<CellResult> BuildStore(CellRequest request)
    {
        var build = await ColdStartBench.Build(StorePath(request), Options(request));
        var bytes = BenchConfig.StoreBytes(StorePath(request));
        return new CellResult(
            request.System, request.Workload, request.N, (int)build.FinishedBuilt, build.FinishedSeconds, build.BuildLifecyclesPerSecond,
            double.NaN, double.NaN, double.NaN, CellResult.PeakWorkingSet(), "built through the runtime (ColdStartBench.Build), then the node crashed", null, build.Failure,
            new Dictionary<string, double> { ["active"] = build.Active, ["storeBytes"] = bytes, ["regionActiveAtCrash"] = build.RegionActiveAtCrash });
    }

    private static async Task<CellResult> RestartNode(CellRequest request)
    {
        var restart = await ColdStartBench.Restart(StorePath(request), Options(request), 1);
        return new CellResult(
            request.System, request.Workload, request.N, restart.ResumedOnTheirOwn, restart.AllResumedSeconds, double.NaN,
            double.NaN, double.NaN, double.NaN, CellResult.PeakWorkingSet(),
            "a fresh process: TaskActorsNode.Start on the store → every active task resumed on its own (ColdStartBench.Restart)", null, restart.Failure,
            new Dictionary<string, double>
            {
                ["nodeStartSeconds"] = restart.NodeStartSeconds,
                ["allClosedSeconds"] = restart.AllClosedSeconds,
                ["untrackedEvents"] = restart.UntrackedEvents,
                ["gcHeapAfterFullGcBytes"] = restart.GcHeapAfterFullGcBytes,
            });
    }

    private static async Task<CellResult> ListTasks(CellRequest request)
    {
        var queries = request.IntArg("queries", 1_000);
        var start = Stopwatch.GetTimestamp();
        var node = TaskActorsNode.Start("compare-list", BenchConfig.For(StorePath(request), Options(request)), BenchHandlers.Runners());
        try
        {
            var status = await IndexBench.WaitRebuilt(node.Index);
            var rebuilt = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var lists = await IndexBench.ListLatency(node.Index, queries);
            var extra = new Dictionary<string, double> { ["indexedTasks"] = status.Tasks, ["queries"] = queries };
            for (var k = 0; k < ReportedQueries.Length; k++)
            {
                var list = lists.Single(l => l.Query == ReportedQueries[k]);
                extra[$"q{k}.matches"] = list.Matches;
                extra[$"q{k}.p50"] = list.Latency.P50;
                extra[$"q{k}.p99"] = list.Latency.P99;
            }

            var first = lists.Single(l => l.Query == ReportedQueries[0]);
            return new CellResult(
                request.System, request.Workload, status.Tasks, status.Tasks, rebuilt, double.NaN, first.Latency.P50, first.Latency.P99, first.Latency.Max,
                CellResult.PeakWorkingSet(), "a fresh process: node start → read-side index rebuilt from the journal; then list Asks to the index (IndexBench.ListLatency)",
                null, status.Tasks >= request.N ? null : $"the index holds {status.Tasks} tasks, expected at least {request.N}", extra);
        }
        finally
        {
            await node.System.Terminate();
            SqliteConnection.ClearAllPools();
        }
    }
}
