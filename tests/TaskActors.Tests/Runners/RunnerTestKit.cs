using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;
using TaskActors.Runners;

namespace TaskActors.Tests.Runners;

/// <summary>Helpers shared by the runner specs.</summary>
internal static class RunnerTestKit
{
    /// <summary>The longest any single outcome is awaited; tests finish far sooner.</summary>
    public static readonly TimeSpan Patience = Testing.Eventually.DefaultPatience;

    public static AttemptContext Attempt(Workload workload, string taskId = "task-1", int attempt = 1) =>
        new(new TaskId(taskId), attempt, workload, "node-a");

    /// <summary>True when a live (not zombie) process has this pid.</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "pid (comm) S ..." — the state follows the last ')', since comm may contain spaces or parentheses.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }
}
