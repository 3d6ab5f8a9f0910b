using System.Globalization;
using System.Text;
using Akka.Configuration;
using TaskActors.Configuration;
using TaskActors.Persistence;

namespace TaskActors.Hosting;

/// <summary>
/// Builds the TaskActors configuration of a host from <see cref="TaskActorsOptions"/>: the store location and the
/// options that are set, over the HOCON overlays (later ones first), over <see cref="TaskActorsConfig.ForSqliteFile"/>
/// (the SQLite overlay and the reference configuration).
/// </summary>
internal static class TaskActorsHostConfig
{
    /// <summary>The full store path: <see cref="TaskActorsOptions.StorePath"/>, relative to <paramref name="contentRoot"/>.</summary>
    public static string ResolveStorePath(TaskActorsOptions options, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, options.StorePath));

    public static Config Build(TaskActorsOptions options, string contentRoot, out string storePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.StorePath, "TaskActorsOptions.StorePath");
        storePath = options.PostgreSqlConnectionString is { } postgres ? DescribePostgreSql(postgres) : ResolveStorePath(options, contentRoot);
        var store = options.PostgreSqlConnectionString is { } connectionString
            ? TaskActorsConfig.ForPostgreSql(connectionString)
            : TaskActorsConfig.ForSqliteFile(storePath);
        if (options.Cluster is { } cluster)
        {
            var self = $"{cluster.Hostname}:{cluster.Port}";
            store = TaskActorsConfig.ForCluster(store, options.ActorSystemName, cluster.Hostname, cluster.Port, cluster.SeedNodes.Count == 0 ? [self] : cluster.SeedNodes);
        }

        var overlays = Config.Empty;
        foreach (var overlay in options.HoconOverlays)
        {
            overlays = Load(overlay, contentRoot).WithFallback(overlays);
        }

        var modules = ResolveModulesDirectory(options, overlays.WithFallback(store), contentRoot);
        return OptionsHocon(options, store, modules).WithFallback(overlays).WithFallback(store);
    }

    /// <summary>How the startup line and the runtime name a PostgreSQL store: host, port and database, never the password.</summary>
    public static string DescribePostgreSql(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>
    /// The wasm modules directory as a full path: the option, else the HOCON's, else the content root; a relative one
    /// is taken from the content root (not the process's current directory, which a service does not choose).
    /// </summary>
    private static string ResolveModulesDirectory(TaskActorsOptions options, Config configured, string contentRoot)
    {
        var directory = options.WasmModulesDirectory ?? configured.GetString("task-actors.wasm.modules-directory", string.Empty);
        return Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(directory) ? "." : directory));
    }

    /// <summary>
    /// The keys the options set: always the store location (so no overlay can split it) and the full wasm modules
    /// directory, the rest only when given.
    /// </summary>
    private static Config OptionsHocon(TaskActorsOptions options, Config store, string modulesDirectory)
    {
        var hocon = new StringBuilder();
        foreach (var key in (string[])
                 [
                     options.PostgreSqlConnectionString is null ? "task-actors.sqlite.connection-string" : "task-actors.postgresql.connection-string",
                     "akka.persistence.journal.sql.connection-string",
                     "akka.persistence.snapshot-store.sql.connection-string",
                     "akka.persistence.query.journal.sql.connection-string",
                 ])
        {
            hocon.Append(key).Append(" = ").AppendLine(HoconText.Quote(store.GetString(key)));
        }

        if (options.Durability is { } durability)
        {
            hocon.Append("task-actors.sqlite.durability = ").AppendLine(SqliteStoreSettings.DurabilityText(durability));
        }

        hocon.Append("task-actors.wasm.modules-directory = ").AppendLine(HoconText.Quote(modulesDirectory));
        if (options.WasmDefaultMemoryLimitMiB is { } memoryLimit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(memoryLimit, 1, "TaskActorsOptions.WasmDefaultMemoryLimitMiB");
            hocon.Append("task-actors.wasm.default-memory-limit = ").Append(memoryLimit.ToString(CultureInfo.InvariantCulture)).AppendLine("MiB");
        }

        if (options.NodeName is { } nodeName)
        {
            hocon.Append("task-actors.runtime.node-name = ").AppendLine(HoconText.Quote(nodeName));
        }

        if (options.ShutdownGrace is { } grace)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, "TaskActorsOptions.ShutdownGrace");
            var ms = ((long)grace.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            hocon.Append("task-actors.runtime.shutdown-grace = ").Append(ms).AppendLine("ms");
            // The CoordinatedShutdown phase that records the attempts must outlast the grace.
            hocon.Append("akka.coordinated-shutdown.phases.before-service-unbind.timeout = ")
                .Append(((long)grace.TotalMilliseconds + 10_000).ToString(CultureInfo.InvariantCulture)).AppendLine("ms");
        }

        AppendRuntime(hocon, options.Runtime);
        // Dead letters during a shutdown are the normal end of watches and asks, not news.
        hocon.AppendLine("akka.log-dead-letters-during-shutdown = off");
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    /// <summary>The runtime settings that are set, as their HOCON keys (so the runtime reads them like any HOCON).</summary>
    private static void AppendRuntime(StringBuilder hocon, TaskActorsRuntimeOptions runtime)
    {
        void Number(string key, long? value)
        {
            if (value is { } v)
            {
                hocon.Append(key).Append(" = ").AppendLine(v.ToString(CultureInfo.InvariantCulture));
            }
        }

        void Duration(string key, TimeSpan? value)
        {
            if (value is { } v)
            {
                hocon.Append(key).Append(" = ").Append(((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).AppendLine("ms");
            }
        }

        Number("task-actors.runtime.snapshot-every", runtime.SnapshotEvery);
        Duration("task-actors.runtime.passivate-after", runtime.PassivateAfter);
        Number("task-actors.runtime.slot-queue-capacity", runtime.SlotQueueCapacity);
        Duration("task-actors.runtime.slot-passivate-after", runtime.SlotPassivateAfter);
        Duration("task-actors.runtime.restart-delay", runtime.RestartDelay);
        Number("task-actors.queries.watch.buffer-size", runtime.WatchBufferSize);
    }

    private static Config Load(HoconOverlay overlay, string contentRoot)
    {
        if (overlay.Text is { } text)
        {
            return ConfigurationFactory.ParseString(text);
        }

        var path = Path.GetFullPath(Path.Combine(contentRoot, overlay.FilePath!));
        if (!File.Exists(path) && overlay.Optional)
        {
            return Config.Empty;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"TaskActors HOCON overlay '{overlay.FilePath}' not found (looked at {path})", path);
        }

        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }
}
