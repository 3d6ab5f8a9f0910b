using Akka.Actor;
using Akka.Event;
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
        var journal = ReadJournal(system, settings.ReadJournal);
        var index = system.ActorOf(TaskIndex.Props(journal, settings), name);
        system.EventStream.Subscribe(index, typeof(TaskChanged));
        return index;
    }

    /// <summary>
    /// Akka.Persistence.Sql's read journal waits a fixed 5 s for the write journal to finish initialising when it is
    /// created; on a loaded machine (a node starting beside other work) that can take longer. A creation that timed
    /// out caches nothing, so it is tried again, up to <see cref="ReadJournalTries"/> times.
    /// </summary>
    private static IReadJournal ReadJournal(ActorSystem system, string pluginId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return PersistenceQuery.Get(system).ReadJournalFor<IReadJournal>(pluginId);
            }
            catch (Exception e) when (attempt < ReadJournalTries && e.GetBaseException() is AskTimeoutException)
            {
                system.Log.Warning("the write journal was not ready within 5 s (try {0} of {1}); waiting again", attempt, ReadJournalTries);
            }
        }
    }

    private const int ReadJournalTries = 12;
}
