using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;

namespace TaskActors.Tests.Queries;

/// <summary>Valid event sequences for test tasks (each one folds with <see cref="TaskState.Apply"/>).</summary>
public static class TaskScript
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public static TaskSpec Spec(string slot, params (string Key, string Value)[] labels) =>
        new TaskSpecBuilder(slot, HandlerWorkload.Create("noop")).Labels(Labels.Of(labels)).Build();

    public static TaskCreated Created(string id, string slot = "s", params (string Key, string Value)[] labels) =>
        new(new TaskId(id), Spec(slot, labels), T0);

    /// <summary>
    /// The first <paramref name="count"/> events of a task that keeps failing and retrying: created, then
    /// (started n, finished n failed, retry scheduled) repeated. Versions 1..count.
    /// </summary>
    public static List<ITaskEvent> Lifecycle(string id, int count, string slot = "s", params (string Key, string Value)[] labels)
    {
        var events = new List<ITaskEvent> { Created(id, slot, labels) };
        for (var attempt = 1; events.Count < count; attempt++)
        {
            var at = T0.AddSeconds(attempt);
            events.Add(new AttemptStarted(attempt, at, "handler", "test"));
            if (events.Count < count)
            {
                events.Add(new AttemptFinished(attempt, TaskPhase.Failed, at.AddMilliseconds(10), Error: "boom"));
            }

            if (events.Count < count)
            {
                events.Add(new RetryScheduled(attempt - 1, 5, at.AddMilliseconds(15), RetryReason.Failure, at.AddMilliseconds(10)));
            }
        }

        return events;
    }

    /// <summary>Events 1..n+1 after <see cref="Lifecycle"/>'s first n: continues the same pattern.</summary>
    public static List<ITaskEvent> Continue(string id, int from, int count) => Lifecycle(id, from + count).Skip(from).ToList();

    /// <summary>Created then started then finished with <paramref name="outcome"/> (versions 1..3), or just created for Pending.</summary>
    public static List<ITaskEvent> Ending(string id, TaskPhase outcome, string slot = "s", params (string Key, string Value)[] labels)
    {
        var created = Created(id, slot, labels);
        return outcome switch
        {
            TaskPhase.Pending => [created],
            TaskPhase.Running => [created, new AttemptStarted(1, T0, "handler", "test")],
            _ => [created, new AttemptStarted(1, T0, "handler", "test"), new AttemptFinished(1, outcome, T0.AddSeconds(1))],
        };
    }

    /// <summary>The task state after <paramref name="events"/>.</summary>
    public static TaskState Fold(IEnumerable<ITaskEvent> events) => TaskState.Replay(events);
}
