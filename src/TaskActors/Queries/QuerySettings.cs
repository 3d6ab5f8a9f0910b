using Akka.Configuration;

namespace TaskActors.Queries;

/// <summary>
/// The read side's settings, read once from <c>task-actors.queries</c> (every key is documented in
/// <c>hocon/task-actors.reference.conf</c>). The live latency itself is set on the read journal
/// (<c>akka.persistence.query.journal.sql.refresh-interval</c> and <c>journal-sequence-retrieval.query-delay</c>).
/// </summary>
/// <param name="ReadJournal">The config path of the read journal plugin the index follows.</param>
/// <param name="FeedBatchSize">At most this many journal events per message from the journal feed to the index.</param>
/// <param name="FeedRestartDelay">A failed journal feed is restarted from its last offset after this delay.</param>
/// <param name="PurgeScanInterval">How often the store is checked for tasks deleted (and purged) by another process.</param>
/// <param name="WatchBufferSize">Changes one watch may hold for a subscriber that has not acknowledged; one more overflows it.</param>
/// <param name="WatchBatchSize">At most this many changes per <see cref="QueryProtocol.TaskWatchBatch"/>.</param>
/// <param name="WatchReplayTimeout">A replay from a resourceVersion that does not reach the live position within this time ends the watch.</param>
public sealed record QuerySettings(
    string ReadJournal,
    int FeedBatchSize,
    TimeSpan FeedRestartDelay,
    TimeSpan PurgeScanInterval,
    int WatchBufferSize,
    int WatchBatchSize,
    TimeSpan WatchReplayTimeout)
{
    /// <summary>The settings when no <c>task-actors.queries</c> section is present.</summary>
    public static QuerySettings Default { get; } = new(
        "akka.persistence.query.journal.sql", 1000, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), 10_000, 1000, TimeSpan.FromSeconds(10));

    /// <summary>Reads the settings from <paramref name="config"/>; missing keys take <see cref="Default"/>'s values.</summary>
    public static QuerySettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetConfig("task-actors.queries");
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        var settings = new QuerySettings(
            section.GetString("read-journal", Default.ReadJournal),
            section.GetInt("feed-batch-size", Default.FeedBatchSize),
            section.GetTimeSpan("feed-restart-delay", Default.FeedRestartDelay),
            section.GetTimeSpan("purge-scan-interval", Default.PurgeScanInterval),
            section.GetInt("watch.buffer-size", Default.WatchBufferSize),
            section.GetInt("watch.batch-size", Default.WatchBatchSize),
            section.GetTimeSpan("watch.replay-timeout", Default.WatchReplayTimeout));
        settings.Check();
        return settings;
    }

    private void Check()
    {
        Require(FeedBatchSize >= 1, "feed-batch-size", FeedBatchSize);
        Require(WatchBufferSize >= 1, "watch.buffer-size", WatchBufferSize);
        Require(WatchBatchSize >= 1, "watch.batch-size", WatchBatchSize);
        Require(FeedRestartDelay > TimeSpan.Zero, "feed-restart-delay", FeedRestartDelay);
        Require(PurgeScanInterval > TimeSpan.Zero, "purge-scan-interval", PurgeScanInterval);
        Require(WatchReplayTimeout > TimeSpan.Zero, "watch.replay-timeout", WatchReplayTimeout);
    }

    private static void Require(bool ok, string key, object? value)
    {
        if (!ok)
        {
            throw new ArgumentException($"task-actors.queries.{key} must be positive, got {value}");
        }
    }
}
