using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Queries;

/// <summary>Task resources for query tests: an id, a slot, a phase and task labels, everything else default.</summary>
internal static class QueryFixtures
{
    public static readonly DateTimeOffset CreatedAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static TaskResource Task(string id, string slot = "reports", TaskPhase phase = TaskPhase.Pending, params (string Key, string Value)[] labels)
    {
        var spec = TaskSpec.Builder(slot, SubprocessWorkload.Command("dotnet", "job.dll"))
            .Labels(Labels.Of(labels))
            .Build();
        var task = TaskResource.Create(new TaskId(id), spec, CreatedAt);
        return task with { Status = task.Status with { Phase = phase } };
    }

    public static TaskResource WithRunnerSelector(this TaskResource task, LabelSelector selector) =>
        task with { Spec = task.Spec with { RunnerSelector = selector } };

    /// <summary>Tasks with the given ids, sorted by id (ordinal), as the read-side index keeps them.</summary>
    public static List<TaskResource> Sorted(IEnumerable<string> ids) =>
        [.. ids.Order(StringComparer.Ordinal).Select(id => Task(id))];

    public static List<string> Ids(IEnumerable<TaskResource> tasks) => [.. tasks.Select(t => t.Id.Value)];
}
