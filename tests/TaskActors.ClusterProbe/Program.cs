using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;
using static TaskActors.Tasks.TaskProtocol;

// Usage: TaskActors.ClusterProbe <store> <node-name> <port> <seed host:port | -> <expected-nodes> [<work-dir> <tasks>]
//   <store>: postgres:<connection string> or sqlite:<file>
// Prints "up" once this member is Up, "ready" once the shard coordinator knows <expected-nodes> task regions, then (with
// <work-dir> <tasks>) submits the tasks of ClusterWorkload and prints "ack <id>" per Accepted reply. Runs until killed.
var store = args[0];
var name = args[1];
var port = int.Parse(args[2], CultureInfo.InvariantCulture);
var seeds = args[3] == "-" ? [] : new[] { args[3] };
var expected = int.Parse(args[4], CultureInfo.InvariantCulture);
var storeConfig = store.StartsWith("sqlite:", StringComparison.Ordinal) ? TaskActorsConfig.ForSqliteFile(store["sqlite:".Length..])
    : store.StartsWith("postgres:", StringComparison.Ordinal) ? TaskActorsConfig.ForPostgreSql(store["postgres:".Length..])
    : throw new ArgumentException($"unknown store '{store}'");
var self = $"127.0.0.1:{port}";
// The specs' failure detection (tolerant of a loaded 2-core machine) unless TASKACTORS_PROBE_HOCON says otherwise (the
// failover benchmark passes each profile it measures; an empty value = hocon/cluster.conf's defaults).
var detection = Environment.GetEnvironmentVariable("TASKACTORS_PROBE_HOCON") ?? """
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.split-brain-resolver.stable-after = 3s
        akka.cluster.down-removal-margin = 3s
        task-actors.runtime.fence.pulse-timeout = 3s
        """;
var config = ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        task-actors.runtime.node-name = "{name}"
        {detection}
        """)
    .WithFallback(TaskActorsConfig.ForCluster(storeConfig, "taskactors", "127.0.0.1", port, seeds.Length == 0 ? [self] : seeds));
var node = TaskActorsNode.Start("taskactors", config, new RunnerSet(new SubprocessRunner()));
var stdout = Console.OpenStandardOutput();
void Say(string line)
{
    var bytes = Encoding.UTF8.GetBytes(line + "\n");
    lock (stdout)
    {
        stdout.Write(bytes);
        stdout.Flush();
    }
}

var up = new TaskCompletionSource();
Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
await up.Task;
Say("up");
// Ready once the shard coordinator knows every expected node's task region (asked every 100 ms until then).
using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
{
    while ((await ClusterSharding.Get(node.System).ShardRegion("task").Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5))).Regions.Count < expected)
    {
        await poll.WaitForNextTickAsync();
    }
}

Say("ready");
if (args.Length >= 7)
{
    var workDir = args[5];
    var count = int.Parse(args[6], CultureInfo.InvariantCulture);
    // At most 32 submissions in flight; one that times out (a loaded machine) is sent again: the same id answers
    // AlreadyExists once its first submission went through, and either answer is an acknowledgement.
    using var inFlight = new SemaphoreSlim(32);
    await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
    {
        var id = new TaskId(ClusterWorkload.Id(i));
        await inFlight.WaitAsync();
        try
        {
            while (true)
            {
                try
                {
                    var reply = await node.AskAsync(id, new Submit(ClusterWorkload.SpecFor(i, workDir)), TimeSpan.FromSeconds(30));
                    if (reply is Accepted or AlreadyExists)
                    {
                        Say($"ack {id}");
                    }

                    return;
                }
                catch (AskTimeoutException)
                {
                    Say($"retry {id}");
                }
            }
        }
        finally
        {
            inFlight.Release();
        }
    }));
    Say("submitted");
}

await node.System.WhenTerminated;

/// <summary>The cluster crash spec's tasks; the spec reads their logs.</summary>
public static class ClusterWorkload
{
    /// <summary>The id of task <paramref name="i"/>.</summary>
    public static string Id(int i) => $"c-{i:D4}";

    /// <summary>
    /// Task i logs every attempt to <c>work-dir/&lt;id&gt;.log</c>: "start A NODE NS" when it starts, "end A NS" when it
    /// ends by itself and "term A NS" when it is stopped by SIGTERM (bash: timestamps from EPOCHREALTIME, no subprocess
    /// a signal could cut short) (NS = nanoseconds since the epoch, NODE = the node
    /// that ran it, from the probe's TASKACTORS_PROBE_NODE). i % 3 == 0 fails its first attempt (onFailure retries it),
    /// i % 3 == 1 runs until the file <c>work-dir/release</c> exists, the rest run 0.3 s.
    /// </summary>
    public static TaskSpec SpecFor(int i, string workDir)
    {
        var log = $"{workDir}/{Id(i)}.log";
        // The long ones wait for the spec's release file, so they surely run on every node when the spec kills one.
        var (run, failFirst) = (i % 3) switch
        {
            0 => ("sleep 0.3 & wait $!", true),
            1 => ($"while [ ! -f '{workDir}/release' ]; do sleep 2 & wait $!; done", false),
            _ => ("sleep 0.3 & wait $!", false),
        };
        // bash's EPOCHREALTIME in an arithmetic expansion runs no subprocess, so a SIGTERM cannot cut a line short (a killed `date` would).
        var script = $$"""
            log='{{log}}'; a=$TASKACTORS_ATTEMPT
            trap 'echo "term $a $(( ${EPOCHREALTIME/./} * 1000 ))" >> "$log"; exit 143' TERM
            echo "start $a $TASKACTORS_PROBE_NODE $(( ${EPOCHREALTIME/./} * 1000 ))" >> "$log"
            {{run}}
            trap '' TERM
            echo "end $a $(( ${EPOCHREALTIME/./} * 1000 ))" >> "$log"
            {{(failFirst ? "[ $a -ge 2 ]" : "true")}}
            """;
        // A 1 s stop grace: a frozen node's attempts are gone after pulse-timeout (3 s) + 1 s, before the majority
        // restarts them (stable-after 3 s + down-removal-margin 3 s after detection).
        return TaskSpec.Builder($"slot-{Id(i)}", SubprocessWorkload.Command("bash", "-c", script))
            .StopGracePeriodMs(1000)
            .Restart(RestartPolicy.OnFailure)
            .Backoff(new BackoffPolicy(JitterPolicy.None, 50, 100, 2.0))
            .Build();
    }
}
