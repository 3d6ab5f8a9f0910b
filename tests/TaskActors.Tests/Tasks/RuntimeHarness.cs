using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Persistence.PostgreSql;
using TaskActors.Runners;
using TaskActors.Tasks;
using TaskActors.Testing;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Tasks;

/// <summary>
/// Starts real TaskActors nodes on a real store (a SQLite file in a temp folder, or with <see cref="OnPostgreSql"/> a fresh
/// database on the tests' throwaway PostgreSQL server), with the real subprocess runner and the shared
/// test handlers, and waits for outcomes with TestKit's AwaitAssert (no sleeps). A harness made with
/// <see cref="OnVirtualTime"/> runs its nodes on Akka's <see cref="TestScheduler"/>: the tasks' clock
/// (<c>Scheduler.Now</c>) and every actor timer (attempt timeout, next attempt, idle passivation) move only when the
/// test advances <see cref="Clock"/>, so a timer spec takes no wall time and cannot race a slow machine.
/// </summary>
/// <remarks>
/// On virtual time the journal's circuit breaker and Asks still time out on the wall clock (Akka 1.5.73), but
/// CoordinatedShutdown's phase timeouts do not: every stop is awaited with <see cref="HangGuard"/>, which only ends
/// a test that really hangs.
/// </remarks>
public sealed class RuntimeHarness : IAsyncDisposable
{
    /// <summary>The wall-clock limit of anything that could wait for virtual time forever.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>What every node of the harness runs with unless the test's HOCON says otherwise.</summary>
    private const string Defaults = """
        akka.loglevel = WARNING
        akka.test.single-expect-default = 20s
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.exit-clr = off
        task-actors.runtime.passivate-after = 5s
        """;

    private const string TestScheduler = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    private readonly TempDirectory _directory = new("runtime");
    private readonly List<(TaskActorsNode Node, TestKit Kit)> _nodes = [];
    private readonly HandlerRegistry _handlers;
    private readonly bool _virtualTime;

    /// <summary>A harness on the store of <paramref name="store"/> (a <see cref="TaskActorsConfig"/> result); null = a SQLite file in its folder.</summary>
    public RuntimeHarness(string? hocon = null, Config? store = null)
        : this(hocon, virtualTime: false, store)
    {
    }

    private RuntimeHarness(string? hocon, bool virtualTime, Config? store)
    {
        Hocon = hocon ?? string.Empty;
        _virtualTime = virtualTime;
        _handlers = TestHandlers.Registry(out var log);
        Handlers = log;
        StoreConfig = store ?? TaskActorsConfig.ForSqliteFile(StorePath);
    }

    /// <summary>A harness whose nodes run on Akka's TestScheduler: time passes only through <see cref="Clock"/>.</summary>
    public static RuntimeHarness OnVirtualTime(string? hocon = null, Config? store = null) => new(hocon, virtualTime: true, store);

    /// <summary>A harness on a fresh database of the tests' PostgreSQL server, named after <paramref name="purpose"/>.</summary>
    public static RuntimeHarness OnPostgreSql(string purpose, string? hocon = null, bool virtualTime = false) =>
        new(hocon, virtualTime, TaskActorsConfig.ForPostgreSql(PostgreSqlServer.CreateDatabase(purpose)));

    /// <summary>The store's configuration (location over its overlay over the reference), under the harness's HOCON in <see cref="Config"/>.</summary>
    public Config StoreConfig { get; }

    /// <summary>The store read without a node, as the command line tool reads it.</summary>
    public TaskJournalReader OpenReader() => PostgreSqlStoreSettings.IsConfigured(StoreConfig)
        ? TaskJournalReader.OpenPostgreSql(PostgreSqlStoreSettings.Create(StoreConfig).ConnectionString)
        : TaskJournalReader.Open(StorePath);

    /// <summary>A plain connection to the store for a spec's own SQL (write it for both stores: <c>@name</c>, <c>deleted = FALSE</c>).</summary>
    public System.Data.Common.DbConnection OpenStore() => StoreConnections.For(StoreConfig)!.Open();

    public string Directory => _directory.Path;

    public string StorePath => _directory.StorePath();

    public string Hocon { get; }

    /// <summary>What the test handlers reported (shared by every node of this harness).</summary>
    public HandlerLog Handlers { get; }

    public TaskActorsNode Node => _nodes[^1].Node;

    public TestKit Kit => _nodes[^1].Kit;

    /// <summary>The current node's virtual clock; only for a harness made with <see cref="OnVirtualTime"/>.</summary>
    public TestScheduler Clock => Node.System.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("this harness runs on the wall clock; create it with RuntimeHarness.OnVirtualTime");

    /// <summary>A runner set with the subprocess runner and the shared test handlers (a fresh handler log).</summary>
    public static RunnerSet DefaultRunners() => Runners(TestHandlers.Registry());

    private static RunnerSet Runners(HandlerRegistry handlers) =>
        new(new SubprocessRunner(), new HandlerRunner(handlers, gracePeriod: TimeSpan.FromSeconds(1)));

    /// <summary>The config of a node of this harness: the test's HOCON over the harness defaults over the store's.</summary>
    public Config Config() =>
        ConfigurationFactory.ParseString((_virtualTime ? TestScheduler + "\n" : string.Empty) + Hocon)
            .WithFallback(ConfigurationFactory.ParseString(Defaults))
            .WithFallback(StoreConfig);

    /// <summary>A shell workload that fails (exit 1) the first time it runs in this harness and succeeds every time after.</summary>
    public SubprocessWorkload FailsOnce(string name)
    {
        var marker = Path.Combine(Directory, name + ".failed-once");
        return SubprocessWorkload.Command("sh", "-c", $"if [ -f '{marker}' ]; then exit 0; fi; touch '{marker}'; exit 1");
    }

    /// <summary>
    /// A shell workload whose first run touches <c>Started</c> and blocks (<c>sleep 60</c>) and whose later runs touch
    /// <c>Resumed</c> and succeed: an attempt that is surely running when the node stops.
    /// </summary>
    public (SubprocessWorkload Workload, string Started, string Resumed) BlocksFirstRun(string name)
    {
        var started = Path.Combine(Directory, name + ".started");
        var resumed = Path.Combine(Directory, name + ".resumed");
        return (SubprocessWorkload.Command("sh", "-c", $"if [ -f '{started}' ]; then touch '{resumed}'; exit 0; fi; touch '{started}'; exec sleep 60"), started, resumed);
    }

    /// <summary>Starts a node on the store (a second call after <see cref="Crash"/> models a restart).</summary>
    public TaskActorsNode Start(RunnerSet? runners = null)
    {
        var node = TaskActorsNode.Start("runtime-" + _nodes.Count, Config(), runners ?? Runners(_handlers));
        _nodes.Add((node, new TestKit(node.System)));
        return node;
    }

    /// <summary>Stops the node's actor system abruptly: no graceful shutdown hook runs, attempts are left open in the journal.</summary>
    public async Task Crash()
    {
        // run-by-actor-system-terminate is off in the harness, so this skips the graceful shutdown hook.
        await Node.System.Terminate().WaitAsync(HangGuard);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Shuts the node down gracefully: running attempts are stopped and recorded first.</summary>
    public async Task StopGracefully() => await Node.DisposeAsync().AsTask().WaitAsync(HangGuard);

    /// <summary>
    /// Writes <paramref name="journals"/> (persistence id, events) through the real journal before any node runs: the
    /// state a crash left behind. A node started afterwards recovers from exactly that.
    /// </summary>
    public async Task Seed(params (string PersistenceId, object[] Events)[] journals)
    {
        var system = TaskActorsPersistence.CreateActorSystem("seed", StoreConfig);
        try
        {
            foreach (var (persistenceId, events) in journals)
            {
                await Journals.JournalAccess.Seed(system, persistenceId, events);
            }
        }
        finally
        {
            await system.Terminate().WaitAsync(HangGuard);
            SqliteConnection.ClearAllPools();
        }
    }

    public async Task<ITaskReply> Ask(string id, ITaskCommand command) => await Node.AskAsync(new TaskId(id), command);

    public async Task<TaskResource> Submit(string id, TaskSpec spec)
    {
        var reply = await Ask(id, new Submit(spec));
        return Assert.IsType<Accepted>(reply).Task;
    }

    public async Task<TaskResource> Get(string id) => Assert.IsType<Found>(await Ask(id, TaskProtocol.Get.Instance)).Task;

    public async Task<IReadOnlyList<TaskRun>> Runs(string id) => Assert.IsType<RunList>(await Ask(id, GetRuns.Instance)).Runs;

    /// <summary>Every event in task <paramref name="id"/>'s journal, read through the read journal.</summary>
    public async Task<IReadOnlyList<ITaskEvent>> EventsOf(string id)
    {
        var journal = PersistenceQuery.Get(Node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await journal.CurrentEventsByPersistenceId(PersistenceIds.Task(new TaskId(id)), 0, long.MaxValue)
            .Select(e => (ITaskEvent)e.Event)
            .RunAggregate(new List<ITaskEvent>(), (list, e) => { list.Add(e); return list; }, Node.System.Materializer());
    }

    /// <summary>Waits until the task satisfies <paramref name="condition"/>, asking it (read-your-writes) until then.</summary>
    public async Task<TaskResource> WaitFor(string id, Func<TaskResource, bool> condition, TimeSpan? within = null, string? what = null)
    {
        TaskResource? last = null;
        await Kit.AwaitAssertAsync(async () =>
        {
            last = await Get(id);
            Assert.True(condition(last), $"task {id} did not reach: {what ?? "the condition"}; it is {last.Phase} attempt {last.Status.Attempt} ({last.Status.Error})");
        }, within ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(25));
        return last!;
    }

    /// <summary>Waits until the task is terminal with nothing scheduled.</summary>
    public Task<TaskResource> WaitSettled(string id, TimeSpan? within = null) =>
        WaitFor(id, t => t.IsSettled && t.Phase != TaskPhase.Running, within, "a settled terminal phase");

    /// <summary>
    /// On virtual time: waits until attempt <paramref name="attempt"/> of the task has ended and the next one is
    /// scheduled, then moves the clock to that attempt's due time. Returns the due time.
    /// </summary>
    public async Task<DateTimeOffset> AdvanceToNextAttempt(string id, int attempt)
    {
        var waiting = await WaitFor(id, t => t.Status.Attempt == attempt && t.Status.NextAttemptAt is not null, what: $"attempt {attempt + 1} scheduled");
        var due = waiting.Status.NextAttemptAt!.Value;
        Clock.Advance(due > Clock.Now ? due - Clock.Now : TimeSpan.Zero);
        return due;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (node, _) in _nodes)
        {
            if (!node.System.WhenTerminated.IsCompleted)
            {
                await node.System.Terminate().WaitAsync(HangGuard);
            }
        }

        _directory.Dispose();
    }
}
