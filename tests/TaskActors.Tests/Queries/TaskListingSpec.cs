using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;
using TaskActors.Queries;

namespace TaskActors.Tests.Queries;

/// <summary>The index's listing answers every query exactly as the model's <see cref="TaskPaging.Page"/> over all tasks does.</summary>
public sealed class TaskListingSpec
{
    private static readonly TaskPhase[] Phases = [.. TaskPhaseExtensions.All];

    private static TaskResource Task(int i, Random random)
    {
        var slot = "slot-" + random.Next(4);
        var labels = random.Next(3) switch
        {
            0 => Array.Empty<(string, string)>(),
            1 => [("team", random.Next(2) == 0 ? "x" : "y")],
            _ => [("team", "x"), ("tier", "gold")],
        };
        var created = TaskResource.Create(new TaskId($"id-{i:000}"), TaskScript.Spec(slot, labels), TaskScript.T0);
        return created with { Status = created.Status with { Phase = Phases[random.Next(Phases.Length)] } };
    }

    private static TaskQuery RandomQuery(Random random, IReadOnlyList<TaskResource> tasks)
    {
        var query = TaskQuery.All.WithLimit(random.Next(1, 40));
        if (random.Next(2) == 0)
        {
            query = query.WithPhases([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Phases[random.Next(Phases.Length)])]);
        }

        if (random.Next(3) == 0)
        {
            query = query.WithSlot("slot-" + random.Next(5));
        }

        if (random.Next(3) == 0)
        {
            query = query.WithSelector(random.Next(2) == 0
                ? LabelSelector.ForLabels(("team", "x"))
                : LabelSelector.Everything.With(new SelectorRequirement("tier", SelectorOperator.DoesNotExist, ValueList<string>.Empty)));
        }

        if (random.Next(2) == 0 && tasks.Count > 0)
        {
            query = query.WithContinuation(ContinuationToken.Encode(tasks[random.Next(tasks.Count)].Id));
        }

        return query;
    }

    [Fact]
    public void Every_query_gives_the_same_page_as_the_models_paging_over_all_tasks()
    {
        var random = new Random(20261128);
        var listing = new TaskListing();
        var tasks = new Dictionary<TaskId, TaskResource>();
        for (var round = 0; round < 600; round++)
        {
            // Insert, change phase, or remove, then compare one random query.
            var i = random.Next(300);
            var task = Task(i, random);
            if (random.Next(10) == 0)
            {
                listing.Remove(task.Id);
                tasks.Remove(task.Id);
            }
            else
            {
                if (tasks.TryGetValue(task.Id, out var existing))
                {
                    task = existing with { Status = existing.Status with { Phase = task.Phase } };
                }

                listing.Set(task);
                tasks[task.Id] = task;
            }

            var ordered = tasks.Values.OrderBy(t => t.Id).ToList();
            var query = RandomQuery(random, ordered);
            var expected = TaskPaging.Page(ordered, query, t => t);
            var actual = listing.Page(query);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Continuation, actual.Continuation);
            Assert.Equal(expected.Items.Select(t => t.Id), actual.Items.Select(t => t.Id));
        }

        Assert.Equal(tasks.Values.OrderBy(t => t.Id).Select(t => t.Id), listing.OrderedById.Select(t => t.Id));
    }
}
