using System.Globalization;
using TaskActors.Testing;

// Usage: TaskActors.Bench.Cluster [--rounds N] [--tasks N]
// For each settings profile: N rounds of three node processes on a fresh database of a throwaway PostgreSQL server,
// <tasks> subprocess tasks (a third run until released), SIGKILL of node-2 once it runs at least 5 attempts, then the
// time from the kill until each cut task's next attempt starts on a survivor. Prints a markdown table.
var rounds = Option("--rounds", 5);
var tasks = Option("--tasks", 90);
var profiles = new (string Name, string Hocon)[]
{
    ("defaults (hocon/cluster.conf: heartbeat 1 s, pause 3 s, stable-after 5 s, margin 6 s)", string.Empty),
    // The fast profile of the reference notes. Its margin is below pulse-timeout + the tasks' 1 s grace, so it is for
    // kills (the pipe fence is immediate), not for frozen nodes (raise the margin to 2 s for those).
    ("fast (heartbeat 500 ms, pause 2 s, stable-after 2 s, margin 1 s)", """
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.down-removal-margin = 1s
        task-actors.runtime.fence.pulse-timeout = 2s
        """),
};

Console.WriteLine($"| settings | rounds | attempts cut per round | failover p50 | failover max | per round (max) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, hocon) in profiles)
{
    var all = new List<double>();
    var perRound = new List<double>();
    var cutCounts = new List<int>();
    for (var round = 1; round <= rounds; round++)
    {
        var failovers = await RoundAsync(hocon, tasks);
        all.AddRange(failovers);
        perRound.Add(failovers.Max());
        cutCounts.Add(failovers.Count);
        Console.Error.WriteLine($"{name}, round {round}: {failovers.Count} cut, failover {failovers.Min():F1}-{failovers.Max():F1} s");
    }

    all.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {rounds} | {cutCounts.Min()}-{cutCounts.Max()} | {all[all.Count / 2]:F1} s | {all[^1]:F1} s | {string.Join(", ", perRound.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} |"));
}

static async Task<List<double>> RoundAsync(string hocon, int tasks)
{
    var patience = TimeSpan.FromMinutes(3);
    using var work = new TempDirectory("bench-cluster");
    var store = "postgres:" + PostgreSqlServer.CreateDatabase("bench_cluster");
    var ports = Enumerable.Range(0, 3).Select(_ => ProbeNode.FreePort()).ToArray();
    var nodes = new List<ProbeNode>();
    try
    {
        nodes.Add(ProbeNode.Start(store, "node-1", ports[0], seed: null, 3, work.Path, hocon: hocon));
        nodes.Add(ProbeNode.Start(store, "node-2", ports[1], seed: ports[0], 3, work.Path, hocon: hocon));
        nodes.Add(ProbeNode.Start(store, "node-3", ports[2], seed: ports[0], 3, work.Path, submit: tasks, hocon: hocon));
        foreach (var node in nodes)
        {
            await node.WaitForLine(l => l == "ready", "ready", patience);
        }

        await nodes[2].WaitForLine(l => l == "submitted", "submitted", patience);
        await Eventually.Until(() => ProbeAttemptLog.OpenOn("node-2", work.Path) >= 5, "5 attempts running on node-2", patience);
        var killedAt = ProbeAttemptLog.NowNs();
        nodes[1].Kill();
        await File.WriteAllTextAsync(Path.Combine(work.Path, "release"), "");
        var failovers = await Eventually.Value(
            () =>
            {
                var cut = ProbeAttemptLog.Failovers("node-2", work.Path, killedAt);
                return Task.FromResult(cut.Count > 0 && cut.Values.All(v => v is not null) ? cut.Values.Select(v => v!.Value).ToList() : null);
            },
            _ => true,
            "every cut task running again",
            patience);
        return failovers;
    }
    finally
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }
    }
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
