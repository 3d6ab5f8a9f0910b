using Akka.Actor;
using Akka.Persistence.Query;
using TaskActors.Tasks;

namespace TaskActors.Queries;

/// <summary>Starts a node's <see cref="TaskIndex"/> (the node calls it; tests and tools without a node may too).</summary>
internal static class TaskIndexStartup
{
    /// <summary>
    /// Starts the index of <paramref name="system"/> (settings from <c>task-actors.queries</c>) and subscribes it to the
    /// node's <see cref="TaskChanged"/>s before returning, so no change published afterwards is missed. Blocks briefly
    /// the first time, while Akka creates the read journal (it waits for the write journal to be ready).
    /// </summary>
    public static IActorRef Start(ActorSystem system, string name = TaskIndex.DefaultName)
    {
        ArgumentNullException.ThrowIfNull(system);
        var settings = QuerySettings.Create(system.Settings.Config);
        var journal = PersistenceQuery.Get(system).ReadJournalFor<IReadJournal>(settings.ReadJournal);
        var index = system.ActorOf(TaskIndex.Props(journal, settings), name);
        system.EventStream.Subscribe(index, typeof(TaskChanged));
        return index;
    }
}
