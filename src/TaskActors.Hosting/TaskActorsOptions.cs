using TaskActors.Client;
using TaskActors.Persistence;

namespace TaskActors.Hosting;

/// <summary>
/// How <see cref="TaskActorsServiceCollectionExtensions.AddTaskActors(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{TaskActorsOptions}?)"/> sets TaskActors up in a host. Every property
/// has a default; a property left null keeps what the HOCON says (the overlays added with <see cref="AddHocon"/> /
/// <see cref="AddHoconFile"/>, else <c>src/TaskActors/Configuration/task-actors.reference.conf</c>), and a property that is set overrides
/// the HOCON.
/// </summary>
public sealed class TaskActorsOptions
{
    /// <summary>The store file when none is given: <c>data/taskactors.db</c> under the host's content root.</summary>
    public const string DefaultStorePath = "data/taskactors.db";

    /// <summary>The actor system's name when none is given.</summary>
    public const string DefaultActorSystemName = "taskactors";

    /// <summary>The appsettings section these options are usually bound from: <c>TaskActors</c>.</summary>
    public const string SectionName = "TaskActors";

    private readonly List<HoconOverlay> _overlays = [];

    /// <summary>The name of the actor system <c>AddTaskActors</c> hosts (default <c>taskactors</c>).</summary>
    public string ActorSystemName { get; set; } = DefaultActorSystemName;

    /// <summary>
    /// The SQLite store file (journal, snapshots, the slots' and tasks' history). A relative path is taken from the
    /// host's content root (<c>IHostEnvironment.ContentRootPath</c>); its folder is created. Default
    /// <see cref="DefaultStorePath"/>. The store location always comes from here, never from HOCON.
    /// </summary>
    public string StorePath { get; set; } = DefaultStorePath;

    /// <summary>
    /// The PostgreSQL store of a cluster (an Npgsql connection string) instead of the SQLite file at <see cref="StorePath"/>;
    /// null = SQLite. Every node of one cluster names the same database; it needs <see cref="Cluster"/> too (two
    /// separate nodes on one database would both run its tasks). The tables are created at start (the database must exist).
    /// </summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>This node's membership of a TaskActors cluster (<see cref="UseCluster"/>); null = a single node.</summary>
    public TaskActorsClusterOptions? Cluster { get; set; }

    /// <summary>Uses the PostgreSQL database of <paramref name="connectionString"/> as the store (see <see cref="PostgreSqlConnectionString"/>).</summary>
    public TaskActorsOptions UsePostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgreSqlConnectionString = connectionString;
        return this;
    }

    /// <summary>
    /// Makes this host a cluster node listening on <paramref name="hostname"/>:<paramref name="port"/> that joins through
    /// <paramref name="seedNodes"/> (<c>host:port</c> of other nodes; none = this node starts the cluster). Tasks and slots are
    /// sharded over the nodes (Akka.Cluster.Sharding); settings in <c>hocon/cluster.conf</c>, overridable with <see cref="AddHocon"/>.
    /// </summary>
    public TaskActorsOptions UseCluster(string hostname, int port, params string[] seedNodes)
    {
        ArgumentNullException.ThrowIfNull(seedNodes);
        Cluster = new TaskActorsClusterOptions { Hostname = hostname, Port = port, SeedNodes = [.. seedNodes] };
        return this;
    }

    /// <summary>What an acknowledged event survives (<c>task-actors.sqlite.durability</c>); null = the HOCON's (default normal).</summary>
    public SqliteDurability? Durability { get; set; }

    /// <summary>The node name recorded in run records (<c>task-actors.runtime.node-name</c>); null = the HOCON's (default: the machine name).</summary>
    public string? NodeName { get; set; }

    /// <summary>How long a graceful stop waits for running attempts to stop and be recorded (<c>task-actors.runtime.shutdown-grace</c>); null = the HOCON's (10 s).</summary>
    public TimeSpan? ShutdownGrace { get; set; }

    /// <summary>
    /// The labels of this node's runners (the subprocess, wasm and handler runners); a task's
    /// <c>runnerSelector</c> is matched against them. Kubernetes label rules; empty by default.
    /// </summary>
    public IDictionary<string, string> RunnerLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether this node runs subprocess workloads (default true). Handler workloads always run here.</summary>
    public bool EnableSubprocessRunner { get; set; } = true;

    /// <summary>
    /// Whether this node runs wasm workloads (WASI modules on Wasmtime; default true). The engine is created on the
    /// first wasm attempt, so a node that never runs one pays nothing for it.
    /// </summary>
    public bool EnableWasmRunner { get; set; } = true;

    /// <summary>
    /// Where a wasm task's relative <c>module</c> path is found (<c>task-actors.wasm.modules-directory</c>); a relative
    /// directory is taken from the content root. Null = the HOCON's, and when that is empty too, the content root.
    /// </summary>
    public string? WasmModulesDirectory { get; set; }

    /// <summary>
    /// How large a wasm module instance's memory may grow when its task sets no <c>memoryLimitMiB</c>
    /// (<c>task-actors.wasm.default-memory-limit</c>), in MiB; null = the HOCON's (256 MiB).
    /// </summary>
    public int? WasmDefaultMemoryLimitMiB { get; set; }

    /// <summary>
    /// The longest a canceled handler may take to stop before its attempt is abandoned (a cap on each task's
    /// <c>stopGracePeriodMs</c>, which applies when shorter); null = 5 s.
    /// </summary>
    public TimeSpan? HandlerGracePeriod { get; set; }

    /// <summary>
    /// How long each <see cref="ITaskClient"/> call waits for its answer (and, before the runtime is up, for the runtime
    /// to start). Default <see cref="TaskClient.DefaultTimeout"/>.
    /// </summary>
    public TimeSpan ClientTimeout { get; set; } = TaskClient.DefaultTimeout;

    /// <summary>Runtime settings (snapshot interval, passivation, slot queue capacity, ...); each one set overrides its HOCON key.</summary>
    public TaskActorsRuntimeOptions Runtime { get; } = new();

    /// <summary>
    /// Route Akka.NET's own log through the host's <c>ILoggerFactory</c> (default true), at the lowest level the host's
    /// logging enables for the <c>Akka</c> and <c>TaskActors</c> categories, so the app's levels decide. False leaves
    /// Akka's loggers as the HOCON sets them.
    /// </summary>
    public bool RouteAkkaLogging { get; set; } = true;

    /// <summary>The HOCON overlays in the order they were added (a later one wins over an earlier one).</summary>
    public IReadOnlyList<HoconOverlay> HoconOverlays => _overlays;

    /// <summary>
    /// Adds HOCON text in front of TaskActors' defaults (any key of <c>task-actors.*</c> or <c>akka.*</c>); the
    /// properties of these options that are set win over it. Later overlays win over earlier ones.
    /// </summary>
    public TaskActorsOptions AddHocon(string hocon)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        _overlays.Add(new HoconOverlay(hocon, null));
        return this;
    }

    /// <summary>
    /// Adds a HOCON file like <see cref="AddHocon"/>; a relative <paramref name="path"/> is taken from the content
    /// root. Read when the actor system is built. A missing file fails the host's start unless <paramref name="optional"/>.
    /// </summary>
    public TaskActorsOptions AddHoconFile(string path, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _overlays.Add(new HoconOverlay(null, path, optional));
        return this;
    }
}

/// <summary>One HOCON overlay: inline <paramref name="Text"/> or a <paramref name="FilePath"/> (relative = content root).</summary>
/// <param name="Text">The HOCON text, when given inline.</param>
/// <param name="FilePath">The HOCON file, when given by path.</param>
/// <param name="Optional">For a file: a missing file is skipped instead of failing the start.</param>
public sealed record HoconOverlay(string? Text, string? FilePath, bool Optional = false);
