using System.Globalization;
using System.Text;
using Akka.Configuration;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;
using static TaskActors.Tasks.TaskProtocol;

// Usage: TaskActors.CrashProbe <db-file> <work-dir> <tasks>
// Submits <tasks> tasks (see CrashWorkload) and prints "ack <id>" after each Accepted reply, then keeps running.
// Usage: TaskActors.CrashProbe pulse <db-file> <work-dir> <pulse-interval-ms|off> <pulse-timeout-ms>
// A node with the pulse fence on runs one task (see PulseProbe) and prints each finished attempt, until it is killed.
if (args is ["pulse", var pulseStore, var pulseDir, var interval, var timeout])
{
    await PulseProbe.RunAsync(pulseStore, pulseDir, interval, timeout);
    return;
}

var path = args[0];
var workDir = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(TaskActorsConfig.ForSqliteFile(path));
var node = TaskActorsNode.Start("crash-probe", config, new RunnerSet(new SubprocessRunner()));
var stdout = Console.OpenStandardOutput();
var submissions = Enumerable.Range(0, count).Select(async i =>
{
    var id = new TaskId($"crash-{i:D4}");
    var reply = await node.AskAsync(id, new Submit(CrashWorkload.SpecFor(i, workDir)), TimeSpan.FromMinutes(2));
    if (reply is Accepted)
    {
        var line = Encoding.UTF8.GetBytes($"ack {id}\n");
        lock (stdout)
        {
            stdout.Write(line);
            stdout.Flush();
        }
    }
});
await Task.WhenAll(submissions);
await node.System.WhenTerminated;

/// <summary>The crash spec's tasks; the spec itself builds the same specs to know what to expect.</summary>
public static class CrashWorkload
{
    /// <summary>
    /// Task i: i % 3 == 0 fails twice then succeeds (onFailure, counter file per task); i % 3 == 1 succeeds after a
    /// short sleep (onFailure); i % 3 == 2 fails once with policy never (an attempt interrupted by the crash is still
    /// followed by a new one: interruptions are not failures).
    /// </summary>
    public static TaskSpec SpecFor(int i, string workDir)
    {
        var backoff = new BackoffPolicy(JitterPolicy.None, 50, 100, 2.0);
        return (i % 3) switch
        {
            0 => TaskSpec.Builder($"crash-{i:D4}", SubprocessWorkload.Command("sh", "-c",
                    $"f='{workDir}/crash-{i:D4}.count'; n=$(cat \"$f\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$f\"; sleep 0.1; [ $n -ge 3 ]"))
                .Restart(RestartPolicy.OnFailure).Backoff(backoff).Build(),
            1 => TaskSpec.Builder($"crash-{i:D4}", SubprocessWorkload.Command("sh", "-c", "sleep 0.1")).Restart(RestartPolicy.OnFailure).Backoff(backoff).Build(),
            _ => TaskSpec.Builder($"crash-{i:D4}", SubprocessWorkload.Command("sh", "-c", "sleep 0.05; exit 3")).Build(),
        };
    }
}
