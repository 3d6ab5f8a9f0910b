using System.Globalization;
using TaskActors.Persistence;
using TaskActors.Testing;
using TaskActors.Tests.Journals;

namespace TaskActors.Tests.Durability;

/// <summary>
/// A writer process persists task events through the real journal and prints an "ack" line after each
/// acknowledged write; the test kills it with SIGKILL mid-flight and checks, in a fresh actor system on the same
/// file, that every acknowledged event is there and replays.
/// </summary>
public sealed class SigkillDurabilitySpec : IDisposable
{
    private const int Writers = 50;
    private const int AcksBeforeKill = 400;
    private readonly TempDirectory _directory = new("durability");

    [Theory]
    [InlineData("normal")]
    [InlineData("full")]
    public async Task Every_acknowledged_event_survives_a_SIGKILL_of_the_writer(string durability)
    {
        var path = _directory.StorePath($"store-{durability}.db");
        var acknowledged = await RunWriterUntilKilled(path, durability);
        Assert.True(acknowledged.Count > 0, "the writer acknowledged nothing before it was killed");

        using var system = TaskActorsPersistence.CreateActorSystem("checker", TaskActorsConfig.ForSqliteFile(path));
        foreach (var (persistenceId, ackedSequenceNr) in acknowledged)
        {
            var replayed = await JournalAccess.Replay(system, persistenceId, fullReplay: true, within: TimeSpan.FromSeconds(30));
            Assert.True(replayed.HighestSequenceNr >= ackedSequenceNr,
                $"{persistenceId}: event {ackedSequenceNr} was acknowledged but the journal holds only {replayed.HighestSequenceNr}");
            Assert.Equal(replayed.HighestSequenceNr, replayed.State.Version);
            Assert.Equal(Enumerable.Range(1, replayed.State.Runs.Count), replayed.State.Runs.Select(r => r.Attempt));
        }
    }

    private static async Task<IReadOnlyDictionary<string, long>> RunWriterUntilKilled(string path, string durability)
    {
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        var count = 0;
        await KilledProcess.RunUntilKilled(
            BuiltArtifacts.DurabilityProbe,
            [path, Writers.ToString(CultureInfo.InvariantCulture), durability],
            line =>
            {
                if (line.Split(' ') is not ["ack", var id, var seq])
                {
                    return false;
                }

                var sequenceNr = long.Parse(seq, CultureInfo.InvariantCulture);
                acknowledged[id] = Math.Max(acknowledged.GetValueOrDefault(id), sequenceNr);
                return ++count >= AcksBeforeKill;
            },
            TimeSpan.FromMinutes(2));
        return acknowledged;
    }

    public void Dispose() => _directory.Dispose();
}
