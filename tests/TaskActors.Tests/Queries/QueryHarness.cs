using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Json;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Testing;
using TaskActors.Tests.Journals;
using TaskActors.Tests.Tasks;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Tests.Queries;

/// <summary>
/// A real store (a SQLite file in a temp folder, or with <see cref="OnPostgreSql"/> a fresh PostgreSQL database) with: reading nodes (a <see cref="TaskActorsNode"/> with its index, or a plain
/// actor system with only an index), and writer systems (a separate actor system on the same file — "another process"
/// — whose <see cref="JournalWriter"/>s persist task events). Waits with TestKit (no sleeps).
/// </summary>
public sealed class QueryHarness : IAsyncDisposable
{
    private readonly List<ActorSystem> _systems = [];
    private readonly Dictionary<(ActorSystem, string), IActorRef> _writers = [];
    private readonly TempDirectory _directory = new("queries");
    private readonly string _hocon;

    /// <summary>A harness on the store of <paramref name="store"/> (a <see cref="TaskActorsConfig"/> result); null = a SQLite file in its folder.</summary>
    public QueryHarness(string? hocon = null, Config? store = null)
    {
        _hocon = hocon ?? string.Empty;
        StoreConfig = store ?? TaskActorsConfig.ForSqliteFile(StorePath);
    }

    /// <summary>A harness on a fresh database of the tests' PostgreSQL server, named after <paramref name="purpose"/>.</summary>
    public static QueryHarness OnPostgreSql(string purpose, string? hocon = null) =>
        new(hocon, TaskActorsConfig.ForPostgreSql(PostgreSqlServer.CreateDatabase(purpose)));

    /// <summary>The store's configuration, under the harness's HOCON in <see cref="Config"/>.</summary>
    public Config StoreConfig { get; }

    public string StorePath => _directory.StorePath();

    /// <summary>How long a query spec waits for an answer or a stream of changes: patience for a loaded machine, not a speed bound.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    public Config Config(string name) => ConfigurationFactory.ParseString(
            _hocon + "\nakka.loglevel = WARNING\nakka.test.single-expect-default = 20s\nakka.coordinated-shutdown.run-by-actor-system-terminate = off\nakka.coordinated-shutdown.exit-clr = off\n" +
            "task-actors.runtime.node-name = " + name)
        .WithFallback(StoreConfig);

    /// <summary>Starts a full node (task region, slots, index) on the store.</summary>
    public (TaskActorsNode Node, TestKit Kit) StartNode(string name = "reader")
    {
        var node = TaskActorsNode.Start(name + "-" + _systems.Count, Config(name), RuntimeHarness.DefaultRunners());
        _systems.Add(node.System);
        return (node, new TestKit(node.System));
    }

    /// <summary>Starts an actor system on the store with nothing in it: a writer ("another process"), or an index-only reader.</summary>
    public (ActorSystem System, TestKit Kit) StartSystem(string name)
    {
        var system = TaskActorsPersistence.CreateActorSystem(name + "-" + _systems.Count, Config(name));
        _systems.Add(system);
        return (system, new TestKit(system));
    }

    /// <summary>Persists <paramref name="events"/> for task <paramref name="id"/> from <paramref name="system"/> (atomically).</summary>
    public async Task<JournalWriter.Written> Write(ActorSystem system, string id, IReadOnlyList<ITaskEvent> events, bool publishLocally = false)
    {
        if (!_writers.TryGetValue((system, id), out var writer))
        {
            writer = system.ActorOf(JournalWriter.Props(PersistenceIds.Task(new TaskId(id)), publishLocally), "writer-" + id);
            _writers[(system, id)] = writer;
        }

        return await writer.Ask<JournalWriter.Written>(new JournalWriter.Write([.. events]), Timeout);
    }

    /// <summary>Deletes task <paramref name="id"/>'s events from <paramref name="system"/> (after its TaskDeleted was written).</summary>
    public async Task Purge(ActorSystem system, string id) =>
        await _writers[(system, id)].Ask<JournalWriter.Purged>(new JournalWriter.Purge(), Timeout);

    public static async Task<TaskPage<TaskResource>> List(IActorRef index, TaskQuery query) =>
        Assert.IsType<TaskListed>(await index.Ask<IQueryReply>(new ListTasks(query), Timeout)).Page;

    /// <summary>Every listed task, following continuations (pages of 1000).</summary>
    public static async Task<List<TaskResource>> ListAll(IActorRef index, TaskQuery? query = null)
    {
        var all = new List<TaskResource>();
        var next = (query ?? TaskQuery.All).WithLimit(TaskQuery.MaxLimit);
        while (true)
        {
            var page = await List(index, next);
            all.AddRange(page.Items);
            if (page.Continuation is null)
            {
                return all;
            }

            next = next.WithContinuation(page.Continuation);
        }
    }

    public static async Task<IndexStatus> Status(IActorRef index) =>
        await index.Ask<IndexStatus>(GetIndexStatus.Instance, Timeout);

    /// <summary>The listing rendered as JSON lines, for whole-index comparisons.</summary>
    public static List<string> Render(IEnumerable<TaskResource> tasks) => tasks.Select(t => TaskJson.Serialize(t)).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems)
        {
            if (!system.WhenTerminated.IsCompleted)
            {
                await system.Terminate();
            }
        }

        _directory.Dispose();
    }
}
