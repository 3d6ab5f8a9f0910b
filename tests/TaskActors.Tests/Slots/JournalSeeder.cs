using Akka.Actor;
using Akka.Persistence;

namespace TaskActors.Tests.Slots;

/// <summary>Writes given events under a given persistence id through the real journal: the state a crash left behind.</summary>
internal sealed class JournalSeeder : ReceivePersistentActor
{
    public JournalSeeder(string persistenceId)
    {
        PersistenceId = persistenceId;
        Command<Write>(write =>
        {
            var sender = Sender;
            PersistAll(write.Events, _ => { });
            DeferAsync("done", _ => sender.Tell("done"));
        });
    }

    public override string PersistenceId { get; }

    public sealed record Write(IReadOnlyList<object> Events);
}

/// <summary>Seeds journals from outside any actor.</summary>
internal static class Journals
{
    public static async Task Seed(ActorSystem system, string persistenceId, params object[] events)
    {
        var seeder = system.ActorOf(Props.Create(() => new JournalSeeder(persistenceId)));
        await seeder.Ask<string>(new JournalSeeder.Write(events), TimeSpan.FromSeconds(10));
        await seeder.GracefulStop(TimeSpan.FromSeconds(5));
    }
}
