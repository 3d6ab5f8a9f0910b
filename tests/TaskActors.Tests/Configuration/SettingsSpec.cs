using Akka.Configuration;
using Akka.Configuration.Hocon;
using TaskActors.Cluster;
using TaskActors.Configuration;
using TaskActors.Persistence;
using TaskActors.Persistence.PostgreSql;
using TaskActors.Queries;
using TaskActors.Runners;
using TaskActors.Tasks;

namespace TaskActors.Tests.Configuration;

/// <summary>
/// The one configuration convention: each settings class reads every key of its section from the configuration over
/// the reference configuration (the defaults live only there), and a value that is not allowed stops it with a
/// <see cref="TaskActorsConfigurationException"/> naming the key's path, the value found and what is allowed.
/// </summary>
public sealed class SettingsSpec
{
    private const string Store = "task-actors.sqlite.connection-string = \"Data Source=/tmp/settings-spec.db\"\n";

    [Fact]
    public void Every_runtime_key_defaults_to_its_reference_value()
    {
        var expected = new TaskRuntimeSettings(
            NodeName: Environment.MachineName,
            SnapshotEvery: 100,
            PassivateAfter: TimeSpan.FromSeconds(30),
            ShutdownGrace: TimeSpan.FromSeconds(10),
            RestartDelay: TimeSpan.FromSeconds(1),
            RestartDelayMax: TimeSpan.FromMinutes(5),
            RegionSnapshotEvery: 1000,
            ClaimTimeout: TimeSpan.FromSeconds(30),
            NoRunnerRecheck: TimeSpan.FromSeconds(5),
            SlotQueueCapacity: 100,
            SlotPassivateAfter: TimeSpan.FromSeconds(30),
            SlotOwnerVerifyTimeout: TimeSpan.FromSeconds(10),
            SlotSnapshotEvery: 200,
            WakeActiveAtStart: true)
        {
            RetainRuns = 256,
            Fence = new FenceSettings(Pulse: false, PulseInterval: TimeSpan.FromMilliseconds(500), PulseTimeout: TimeSpan.FromSeconds(3)),
        };

        Assert.Equal(expected, TaskRuntimeSettings.Create(Config.Empty));
        Assert.Equal(expected, TaskRuntimeSettings.Create(EmbeddedHocon.Reference));
    }

    [Fact]
    public void Every_query_key_defaults_to_its_reference_value()
    {
        var expected = new QuerySettings(
            ReadJournal: "akka.persistence.query.journal.sql",
            FeedBatchSize: 1000,
            FeedRestartDelay: TimeSpan.FromSeconds(1),
            PurgeScanInterval: TimeSpan.FromMilliseconds(200),
            WatchBufferSize: 10_000,
            WatchBatchSize: 1000,
            WatchReplayTimeout: TimeSpan.FromSeconds(10));

        Assert.Equal(expected, QuerySettings.Create(Config.Empty));
    }

    [Fact]
    public void Every_sqlite_key_but_the_store_location_defaults_to_its_reference_value()
    {
        var expected = new SqliteStoreSettings(
            ConnectionString: "Data Source=/tmp/settings-spec.db",
            Durability: SqliteDurability.Normal,
            BusyTimeout: TimeSpan.FromSeconds(10),
            CacheSizeKib: 8192,
            MmapSizeBytes: 0);

        Assert.Equal(expected, SqliteStoreSettings.Create(ConfigurationFactory.ParseString(Store)));
    }

    [Fact]
    public void The_postgresql_store_has_no_default_location_and_reads_its_connection_string()
    {
        Assert.False(PostgreSqlStoreSettings.IsConfigured(EmbeddedHocon.Reference));
        var config = ConfigurationFactory.ParseString("task-actors.postgresql.connection-string = \"Host=db;Database=tasks\"");
        Assert.Equal(new PostgreSqlStoreSettings("Host=db;Database=tasks"), PostgreSqlStoreSettings.Create(config));
    }

    [Theory]
    [InlineData("", "task-actors.postgresql.connection-string is ''; it must be an Npgsql connection string naming at least Host (TaskActorsConfig.ForPostgreSql sets it).")]
    [InlineData("task-actors.postgresql.connection-string = \"Hots=db\"", "task-actors.postgresql.connection-string is 'Hots=db'; it must be an Npgsql connection string naming at least Host (TaskActorsConfig.ForPostgreSql sets it).")]
    [InlineData("task-actors.postgresql.connection-string = \"Port=5432;Database=tasks\"", "task-actors.postgresql.connection-string is 'Port=5432;Database=tasks'; it must be an Npgsql connection string naming at least Host (TaskActorsConfig.ForPostgreSql sets it).")]
    public void An_invalid_postgresql_value_names_the_key_the_value_and_what_is_allowed(string hocon, string message) =>
        AssertInvalid(() => PostgreSqlStoreSettings.Create(ConfigurationFactory.ParseString(hocon)), message);

    [Fact]
    public void A_value_set_in_front_of_the_reference_wins_and_the_other_keys_keep_their_defaults()
    {
        var settings = TaskRuntimeSettings.Create(ConfigurationFactory.ParseString(
            "task-actors.runtime { node-name = \"node a\", claim-timeout = 250ms, wake-active-at-start = off }"));

        Assert.Equal("node a", settings.NodeName);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.ClaimTimeout);
        Assert.False(settings.WakeActiveAtStart);
        Assert.Equal(100, settings.SnapshotEvery);
    }

    [Fact]
    public void The_pulse_fence_is_turned_on_with_its_interval_and_timeout_as_a_cluster_sets_them()
    {
        var settings = TaskRuntimeSettings.Create(ConfigurationFactory.ParseString(
            "task-actors.runtime.fence { pulse = on, pulse-interval = 500ms, pulse-timeout = 3s }"));

        Assert.Equal(new FenceSettings(true, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), settings.Fence);
    }

    [Theory]
    [InlineData("task-actors.runtime.node-name = { a = 1 }", "task-actors.runtime.node-name is '{ a : 1 }'; it must be a string (empty = the machine's host name).")]
    [InlineData("task-actors.runtime.snapshot-every = 0", "task-actors.runtime.snapshot-every is '0'; it must be an integer of at least 1.")]
    [InlineData("task-actors.runtime.snapshot-every = null", "task-actors.runtime.snapshot-every is missing; it must be an integer of at least 1.")]
    [InlineData("task-actors.runtime.passivate-after = soon", "task-actors.runtime.passivate-after is 'soon'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.shutdown-grace = -1s", "task-actors.runtime.shutdown-grace is '-1s'; it must be a duration of 0 or more, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.restart-delay = 0s", "task-actors.runtime.restart-delay is '0s'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.restart-delay-max = 500ms", "task-actors.runtime.restart-delay-max is '500ms'; it must be a duration of at least task-actors.runtime.restart-delay (1000ms).")]
    [InlineData("task-actors.runtime.region-snapshot-every = 0", "task-actors.runtime.region-snapshot-every is '0'; it must be an integer of at least 1.")]
    [InlineData("task-actors.runtime.claim-timeout = infinite", "task-actors.runtime.claim-timeout is 'infinite'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.no-runner-recheck = 0", "task-actors.runtime.no-runner-recheck is '0'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.slot-queue-capacity = -1", "task-actors.runtime.slot-queue-capacity is '-1'; it must be an integer of at least 0.")]
    [InlineData("task-actors.runtime.slot-passivate-after = 5 fortnights", "task-actors.runtime.slot-passivate-after is '5 fortnights'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.slot-owner-verify-timeout = [1, 2]", "task-actors.runtime.slot-owner-verify-timeout is '[1,2]'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.slot-snapshot-every = 1.5", "task-actors.runtime.slot-snapshot-every is '1.5'; it must be an integer of at least 1.")]
    [InlineData("task-actors.runtime.retain-runs = 0", "task-actors.runtime.retain-runs is '0'; it must be an integer from 1 to 256.")]
    [InlineData("task-actors.runtime.retain-runs = 257", "task-actors.runtime.retain-runs is '257'; it must be an integer from 1 to 256.")]
    [InlineData("task-actors.runtime.wake-active-at-start = yes", "task-actors.runtime.wake-active-at-start is 'yes'; it must be on, off, true or false.")]
    [InlineData("task-actors.runtime.fence.pulse = sometimes", "task-actors.runtime.fence.pulse is 'sometimes'; it must be on, off, true or false.")]
    [InlineData("task-actors.runtime.fence.pulse-interval = 0s", "task-actors.runtime.fence.pulse-interval is '0s'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.fence.pulse-timeout = -3s", "task-actors.runtime.fence.pulse-timeout is '-3s'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.runtime.fence { pulse-interval = 2s, pulse-timeout = 2s }", "task-actors.runtime.fence.pulse-timeout is '2s'; it must be a duration above task-actors.runtime.fence.pulse-interval (2000ms), a few intervals so that a late beat is no silence.")]
    public void An_invalid_runtime_value_names_the_key_the_value_and_what_is_allowed(string hocon, string message) =>
        AssertInvalid(() => TaskRuntimeSettings.Create(ConfigurationFactory.ParseString(hocon)), message);

    [Theory]
    [InlineData("task-actors.queries.read-journal = akka.persistence.query.journal.nope", "task-actors.queries.read-journal is 'akka.persistence.query.journal.nope'; it must be the path of a read journal plugin section in the configuration.")]
    [InlineData("task-actors.queries.feed-batch-size = 0", "task-actors.queries.feed-batch-size is '0'; it must be an integer of at least 1.")]
    [InlineData("task-actors.queries.feed-restart-delay = 0ms", "task-actors.queries.feed-restart-delay is '0ms'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.queries.purge-scan-interval = -5ms", "task-actors.queries.purge-scan-interval is '-5ms'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    [InlineData("task-actors.queries.watch.buffer-size = 99999999999", "task-actors.queries.watch.buffer-size is '99999999999'; it must be an integer of at least 1.")]
    [InlineData("task-actors.queries.watch.batch-size = 0", "task-actors.queries.watch.batch-size is '0'; it must be an integer of at least 1.")]
    [InlineData("task-actors.queries.watch.replay-timeout = never", "task-actors.queries.watch.replay-timeout is 'never'; it must be a duration above 0, such as 10s, 200ms or 5m.")]
    public void An_invalid_query_value_names_the_key_the_value_and_what_is_allowed(string hocon, string message) =>
        AssertInvalid(() => QuerySettings.Create(ConfigurationFactory.ParseString(hocon)), message);

    [Theory]
    [InlineData("", "task-actors.sqlite.connection-string is ''; it must be a Microsoft.Data.Sqlite connection string (TaskActorsConfig.ForSqliteFile sets it).")]
    [InlineData("task-actors.sqlite.connection-string = \"Data Sorce=x.db\"", "task-actors.sqlite.connection-string is 'Data Sorce=x.db'; it must be a Microsoft.Data.Sqlite connection string (TaskActorsConfig.ForSqliteFile sets it).")]
    [InlineData(Store + "task-actors.sqlite.durability = fast", "task-actors.sqlite.durability is 'fast'; it must be one of normal, full.")]
    [InlineData(Store + "task-actors.sqlite.busy-timeout = -1s", "task-actors.sqlite.busy-timeout is '-1s'; it must be a duration of 0 or more, such as 10s, 200ms or 5m.")]
    [InlineData(Store + "task-actors.sqlite.cache-size-kib = 0", "task-actors.sqlite.cache-size-kib is '0'; it must be an integer of at least 1.")]
    [InlineData(Store + "task-actors.sqlite.mmap-size = -1", "task-actors.sqlite.mmap-size is '-1'; it must be an integer of at least 0.")]
    public void An_invalid_sqlite_value_names_the_key_the_value_and_what_is_allowed(string hocon, string message) =>
        AssertInvalid(() => SqliteStoreSettings.Create(ConfigurationFactory.ParseString(hocon)), message);

    [Theory]
    [InlineData("task-actors.cluster.number-of-shards = 0", "task-actors.cluster.number-of-shards is '0'; it must be an integer from 1 to 100000.")]
    [InlineData("task-actors.cluster.number-of-shards = many", "task-actors.cluster.number-of-shards is 'many'; it must be an integer from 1 to 100000.")]
    [InlineData("task-actors.cluster.rebalance = sometimes", "task-actors.cluster.rebalance is 'sometimes'; it must be on, off, true or false.")]
    public void An_invalid_cluster_value_names_the_key_the_value_and_what_is_allowed(string hocon, string message) =>
        AssertInvalid(() => ClusterModeSettings.Create(ConfigurationFactory.ParseString(hocon)), message);

    [Fact]
    public void The_cluster_mode_is_on_exactly_when_the_provider_is_the_cluster()
    {
        Assert.Equal(new ClusterModeSettings(100, Rebalance: false), ClusterModeSettings.Create(ConfigurationFactory.Empty));
        Assert.False(ClusterModeSettings.IsClusterProvider(TaskActorsConfig.ForSqliteInMemory("x")));
        Assert.True(ClusterModeSettings.IsClusterProvider(TaskActorsConfig.ForCluster(TaskActorsConfig.ForSqliteInMemory("x"), "sys", "127.0.0.1", 0, [])));
        Assert.True(ClusterModeSettings.IsClusterProvider(ConfigurationFactory.ParseString("akka.actor.provider = \"Akka.Cluster.ClusterActorRefProvider, Akka.Cluster\"")));
    }

    [Theory]
    [InlineData(TaskRuntimeSettings.Section)]
    [InlineData(QuerySettings.Section)]
    [InlineData(SqliteStoreSettings.Section)]
    [InlineData(ClusterModeSettings.Section)]
    [InlineData(PostgreSqlStoreSettings.Section)]
    public void Every_key_of_the_reference_configuration_is_read_and_checked(string section)
    {
        var keys = LeafKeys(section, EmbeddedHocon.Reference.GetValue(section).GetObject()).ToList();
        Assert.NotEmpty(keys);

        foreach (var key in keys)
        {
            // An object is never a valid value for a key, so each read key must refuse it, naming that key.
            var config = ConfigurationFactory.ParseString(Store + key + " = { not = a-value }");
            var error = Assert.Throws<TaskActorsConfigurationException>(() => Create(section, config));
            Assert.Equal(key, error.Path);
        }
    }

    [Theory]
    [InlineData("normal", SqliteDurability.Normal)]
    [InlineData("full", SqliteDurability.Full)]
    [InlineData(" FULL ", SqliteDurability.Full)]
    public void A_durability_is_read_in_any_case_and_written_back_in_lower_case(string text, SqliteDurability durability)
    {
        Assert.Equal(durability, SqliteStoreSettings.ParseDurability(text));
        Assert.Equal(text.Trim().ToLowerInvariant(), SqliteStoreSettings.DurabilityText(durability));
    }

    [Fact]
    public void An_unknown_durability_names_the_key_it_would_have_in_the_configuration() =>
        AssertInvalid(() => SqliteStoreSettings.ParseDurability("fast"), "task-actors.sqlite.durability is 'fast'; it must be one of normal, full.");

    [Theory]
    [InlineData("")]
    [InlineData(@"C:\stores\""quoted"" name.db")]
    [InlineData("a:b = c # not a comment ${not.a.substitution} {}")]
    [InlineData("line\nbreak\r\ttab \u0001 bell")]
    [InlineData("ünïcødé 😀")]
    public void A_quoted_value_reads_back_unchanged(string value) =>
        Assert.Equal(value, ConfigurationFactory.ParseString("k = " + HoconText.Quote(value)).GetString("k"));

    private static void AssertInvalid(Func<object> create, string message)
    {
        var error = Assert.Throws<TaskActorsConfigurationException>(create);
        Assert.Equal("Invalid configuration: " + message, error.Message);
        Assert.IsAssignableFrom<ConfigurationException>(error);
    }

    private static object Create(string section, Config config) => section switch
    {
        TaskRuntimeSettings.Section => TaskRuntimeSettings.Create(config),
        QuerySettings.Section => QuerySettings.Create(config),
        SqliteStoreSettings.Section => SqliteStoreSettings.Create(config),
        ClusterModeSettings.Section => ClusterModeSettings.Create(config),
        PostgreSqlStoreSettings.Section => PostgreSqlStoreSettings.Create(config),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "not a settings section"),
    };

    private static IEnumerable<string> LeafKeys(string path, HoconObject section) =>
        section.Items.SelectMany(item => item.Value.IsObject()
            ? LeafKeys(path + "." + item.Key, item.Value.GetObject())
            : [path + "." + item.Key]);
}
