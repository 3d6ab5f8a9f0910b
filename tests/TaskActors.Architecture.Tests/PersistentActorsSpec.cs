using System.Reflection;
using Akka.Persistence;

namespace TaskActors.Architecture.Tests;

/// <summary>Which actors of the runtime own a journal: ARCHITECTURE.md invariant 3 on the built assembly.</summary>
public sealed class PersistentActorsSpec
{
    [Fact]
    [Trait("Invariant", "3")]
    public void Only_the_task_region_the_task_actors_the_slots_and_the_health_probe_persist_so_an_attempt_never_does()
    {
        var persistent = Assembly.Load("TaskActors").GetTypes()
            .Where(type => !type.IsAbstract && typeof(Eventsourced).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal);

        // The journal health probe writes one probe event under its own id to prove the journal writable.
        Assert.Equal(["TaskActors.Node.JournalProbe", "TaskActors.Slots.SlotActor", "TaskActors.Tasks.TaskActor", "TaskActors.Tasks.TaskRegion"], persistent);
    }
}
