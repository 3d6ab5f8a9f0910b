using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;
using TaskActors.Tasks;

namespace TaskActors.Bench.Queries;

/// <summary>
/// Deterministic synthetic tasks: task i has id <c>t{i:D7}</c>, slot <c>slot-{i % 100}</c>, label team=a..d, and a
/// phase by i % 20: 70 % Succeeded, 10 % Failed, 10 % Running, 5 % Pending, 5 % Canceled (3, 3, 2, 1, 3 events).
/// </summary>
public static class SyntheticTasks
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Teams = ["a", "b", "c", "d"];

    public static TaskId Id(int i) => new($"t{i:D7}");

    public static TaskPhase PhaseOf(int i) => (i % 20) switch
    {
        < 14 => TaskPhase.Succeeded,
        < 16 => TaskPhase.Failed,
        < 18 => TaskPhase.Running,
        18 => TaskPhase.Pending,
        _ => TaskPhase.Canceled,
    };

    public static List<ITaskEvent> Events(int i)
    {
        var id = Id(i);
        var at = T0.AddMilliseconds(i);
        var spec = new TaskSpecBuilder($"slot-{i % 100}", HandlerWorkload.Create("bench", new { n = i }))
            .Label("team", Teams[i % 4])
            .Label("bench", "queries")
            .BuildUnchecked();
        var events = new List<ITaskEvent> { new TaskCreated(id, spec, at) };
        var phase = PhaseOf(i);
        if (phase == TaskPhase.Pending)
        {
            return events;
        }

        events.Add(new AttemptStarted(1, at.AddMilliseconds(1), "handler", "bench-node"));
        if (phase != TaskPhase.Running)
        {
            events.Add(new AttemptFinished(1, phase, at.AddMilliseconds(50), Error: phase == TaskPhase.Failed ? "boom" : null));
        }

        return events;
    }

    /// <summary>The TaskChanged messages a TaskActor would publish for <see cref="Events"/>, and the final state.</summary>
    public static (List<TaskChanged> Changes, TaskState State) Changes(int i)
    {
        var state = TaskState.Empty;
        var changes = new List<TaskChanged>(3);
        foreach (var e in Events(i))
        {
            state = state.Apply(e);
            changes.Add(new TaskChanged(state.Resource!, e));
        }

        return (changes, state);
    }

    /// <summary>One more valid change after <paramref name="state"/> (rerun a settled task, start a pending one, finish a running one).</summary>
    public static TaskChanged Next(TaskState state)
    {
        var at = state.Resource!.Metadata.UpdatedAt.AddSeconds(1);
        ITaskEvent e = state.Resource.Phase switch
        {
            TaskPhase.Pending => new AttemptStarted(state.Resource.Status.Attempt + 1, at, "handler", "bench-node"),
            TaskPhase.Running => new AttemptFinished(state.Resource.Status.Attempt, TaskPhase.Succeeded, at),
            _ => new TaskRerunRequested(at),
        };
        var next = state.Apply(e);
        return new TaskChanged(next.Resource!, e);
    }
}
