using Akka.Actor;

namespace TaskActors.Tests.Journals;

/// <summary>Writes and reads a journal from outside any actor, through a short-lived <see cref="JournalWriter"/> or <see cref="JournalReplay"/>.</summary>
internal static class JournalAccess
{
    // Generous: a first write or replay on a fresh actor system waits for the journal to initialise, which takes
    // seconds on a loaded 2-core machine. A test fails on a wrong or missing answer, never on speed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Persists <paramref name="events"/> under <paramref name="persistenceId"/> (atomically), then stops the writer.</summary>
    public static async Task Seed(ActorSystem system, string persistenceId, params object[] events)
    {
        var writer = system.ActorOf(JournalWriter.Props(persistenceId));
        await writer.Ask<JournalWriter.Written>(new JournalWriter.Write(events), Patience);
        await writer.GracefulStop(Patience);
    }

    /// <summary>Recovers task journal <paramref name="persistenceId"/> (from its snapshot unless <paramref name="fullReplay"/>) and returns what it found.</summary>
    public static async Task<JournalReplay.Result> Replay(ActorSystem system, string persistenceId, bool fullReplay = false, TimeSpan? within = null)
    {
        var replay = system.ActorOf(Props.Create(() => new JournalReplay(persistenceId, fullReplay)));
        try
        {
            return await replay.Ask<JournalReplay.Result>(new JournalReplay.Read(), within ?? Patience);
        }
        finally
        {
            system.Stop(replay);
        }
    }
}
