using Akka.Actor;
using TaskActors.Persistence;
using TaskActors.Tests.DurabilityProbe;

// Usage: TaskActors.DurabilityProbe <db-file> <actors> <normal|full>
// Prints "ready", then "ack <persistenceId> <sequenceNr>" after every acknowledged journal write, until killed.
var path = args[0];
var actors = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var durability = SqliteStoreSettings.ParseDurability(args.Length > 2 ? args[2] : "normal");
using var system = TaskActorsPersistence.CreateActorSystem("probe", TaskActorsConfig.ForSqliteFile(path, durability));
var output = new AckWriter(Console.OpenStandardOutput());
for (var i = 0; i < actors; i++)
{
    system.ActorOf(Props.Create(() => new ProbeWriter($"probe-{i:D4}", output)), $"probe-{i:D4}");
}

output.Line("ready");
await system.WhenTerminated;
