using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;
using TaskActors.Tasks;
using static TaskActors.Tasks.TaskProtocol;

/// <summary>
/// The pulse fence specs' node: pulse on with the given interval and timeout (interval <c>off</c>: pulse off), one task <c>pulsed</c> whose every attempt
/// appends <c>start ATTEMPT PGID</c> to <c>attempts.log</c> in the work folder and runs until stopped (attempt 1 leaves a
/// descendant that ignores SIGTERM in its group; later attempts only sleep). Prints <c>ack pulsed</c> once accepted and
/// <c>finished {json}</c> (attempt, outcome, error, signal, stderrTail) for every attempt that ends, so the spec can
/// freeze it (SIGSTOP), wake it (SIGCONT) or kill it and see what it recorded.
/// </summary>
public static class PulseProbe
{
    /// <summary>The task's id.</summary>
    public const string TaskId = "pulsed";

    /// <summary>Runs the node until it is killed (or its actor system ends).</summary>
    public static async Task RunAsync(string store, string workDir, string intervalMs, string timeoutMs)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            task-actors.runtime.fence { pulse = {{(intervalMs == "off" ? "off" : "on")}}, pulse-interval = {{(intervalMs == "off" ? "500" : intervalMs)}}ms, pulse-timeout = {{timeoutMs}}ms }
            """).WithFallback(TaskActorsConfig.ForSqliteFile(store));
        var node = TaskActorsNode.Start("pulse-probe", config, new RunnerSet(new SubprocessRunner()));
        var printer = node.System.ActorOf(Props.Create(() => new FinishedPrinter()), "finished-printer");
        node.System.EventStream.Subscribe(printer, typeof(TaskChanged));

        var log = Path.Combine(workDir, "attempts.log");
        var script = string.Join("; ",
            "set -- $(cat /proc/$$/stat)",
            $"echo \"start $TASKACTORS_ATTEMPT $5\" >> '{log}'",
            "if [ \"$TASKACTORS_ATTEMPT\" = 1 ]; then (trap '' TERM; exec sleep 600) & fi",
            "sleep 600 & wait");
        var spec = TaskSpec.Builder("pulse", SubprocessWorkload.Command("sh", "-c", script))
            .Restart(RestartPolicy.OnFailure)
            .Backoff(new BackoffPolicy(JitterPolicy.None, 50, 100, 2.0))
            .StopGracePeriodMs(1000)
            .Build();
        if (await node.AskAsync(new TaskId(TaskId), new Submit(spec), TimeSpan.FromMinutes(1)) is Accepted)
        {
            FinishedPrinter.Print($"ack {TaskId}");
        }

        await node.System.WhenTerminated;
    }

    private sealed class FinishedPrinter : ReceiveActor
    {
        private static readonly object Gate = new();

        public FinishedPrinter() =>
            Receive<TaskChanged>(changed =>
            {
                if (changed.Event is AttemptFinished f)
                {
                    Print("finished " + JsonSerializer.Serialize(new { attempt = f.Attempt, outcome = f.Outcome.ToString(), error = f.Error, signal = f.Signal, stderrTail = f.StderrTail }));
                }
            });

        public static void Print(string line)
        {
            lock (Gate)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }
        }
    }
}
