using Akka.Configuration;
using TaskActors.Configuration;

namespace TaskActors.Queries;

/// <summary>
/// The read side's settings, read once per node from <c>task-actors.queries</c> by <see cref="Create"/> (every key is
/// documented, with its default, in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>). The live latency
/// itself is set on the read journal (<c>akka.persistence.query.journal.sql.refresh-interval</c> and
/// <c>journal-sequence-retrieval.query-delay</c>).
/// </summary>
/// <param name="ReadJournal">The config path of the read journal plugin the index follows (<c>read-journal</c>).</param>
/// <param name="FeedBatchSize">At most this many journal events per message from the journal feed to the index (<c>feed-batch-size</c>).</param>
/// <param name="FeedRestartDelay">A failed journal feed is restarted from its last offset after this delay (<c>feed-restart-delay</c>).</param>
/// <param name="PurgeScanInterval">How often the store is checked for tasks deleted (and purged) by another process (<c>purge-scan-interval</c>).</param>
/// <param name="WatchBufferSize">Changes one watch may hold for a subscriber that has not acknowledged; one more overflows it (<c>watch.buffer-size</c>).</param>
/// <param name="WatchBatchSize">At most this many changes per <see cref="QueryProtocol.TaskWatchBatch"/> (<c>watch.batch-size</c>).</param>
/// <param name="WatchReplayTimeout">A replay from a resourceVersion that does not reach the live position within this time ends the watch (<c>watch.replay-timeout</c>).</param>
public sealed record QuerySettings(
    string ReadJournal,
    int FeedBatchSize,
    TimeSpan FeedRestartDelay,
    TimeSpan PurgeScanInterval,
    int WatchBufferSize,
    int WatchBatchSize,
    TimeSpan WatchReplayTimeout)
{
    /// <summary>The HOCON section these settings are read from.</summary>
    public const string Section = "task-actors.queries";

    /// <summary>
    /// Reads and checks every key of <c>task-actors.queries</c> from <paramref name="config"/>, with the reference
    /// configuration as the fallback for keys it does not set. Throws <see cref="TaskActorsConfigurationException"/>
    /// for a value that is not allowed.
    /// </summary>
    public static QuerySettings Create(Config config)
    {
        var read = new SettingsReader(config, Section);
        return new QuerySettings(
            read.String("read-journal", "the path of a read journal plugin section in the configuration", path => IsSection(read.Config, path)),
            read.Int("feed-batch-size", atLeast: 1),
            read.PositiveDuration("feed-restart-delay"),
            read.PositiveDuration("purge-scan-interval"),
            read.Int("watch.buffer-size", atLeast: 1),
            read.Int("watch.batch-size", atLeast: 1),
            read.PositiveDuration("watch.replay-timeout"));
    }

    private static bool IsSection(Config config, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        try
        {
            return config.HasPath(path) && config.GetValue(path).IsObject();
        }
        catch (ConfigurationException)
        {
            // Not a valid HOCON path (e.g. "a..b").
            return false;
        }
    }
}
