using System.Globalization;
using Microsoft.Data.Sqlite;
using TaskActors.Bench.Compare.Cells;
using TaskActors.Bench.Runtime;
using TaskActors.Client;
using TaskActors.Model.Common;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Node;
using TaskActors.Runners;

namespace TaskActors.Bench.Compare.Systems;

/// <summary>
/// TaskActors as shipped: a <see cref="TaskActorsNode"/> on a fresh SQLite file with the product configuration
/// (the reference configuration + <c>hocon/sqlite.conf</c>, through the runtime benchmark's <see cref="BenchConfig"/>, which only adds a counting logger for
/// warnings, the event-stream subscriber, and no CoordinatedShutdown on a bare Terminate), jobs submitted with the typed
/// <see cref="TaskClient"/>. Each job is one task in a slot of its
/// own (slots admit one owner at a time). A job is done when its AttemptFinished(Succeeded) event is persisted (counted
/// from the TaskChanged the node publishes after persisting it). With <c>wasm</c> the subprocess workload's jobs run a
/// trivial WASI module (<see cref="NoopModule"/>) on the wasm runner instead of the program <c>true</c>.
/// </summary>
public sealed class TaskActorsSystem(string durability, bool wasm = false) : IJobSystem
{
    public const string Name = "taskactors";
    public const string FullName = "taskactors-full";
    public const string WasmName = "taskactors-wasm";

    /// <summary>The wasm jobs' module: a WASI command whose _start returns at once (exit 0), compiled once by the runner.</summary>
    public const string NoopModule = """(module (memory (export "memory") 1) (func (export "_start")))""";

    private TaskActorsNode? _node;
    private TaskClient? _client;
    private TaskEventTally? _tally;
    private string _path = string.Empty;
    private string _sqlite = string.Empty;
    private int _measured;
    private BackoffPolicy _backoff = BackoffPolicy.Default;
    private long _eventsBefore;
    private JournalRows? _rowsBefore;

    public string Config =>
        $"TaskActors 0.1.0 (Akka.NET 1.5.73, Akka.Persistence.Sql 1.5.73), one SQLite file through Microsoft.Data.Sqlite 10.0.0 ({_sqlite}), product configuration (hocon/), " +
        $"durability {durability}: WAL + synchronous={(durability == "full" ? "FULL" : "NORMAL")}; one task per job, each in its own slot, submitted with TaskClient.SubmitAsync; " +
        $"retries: restart onFailure, maxRetries 2, backoff {_backoff.FirstMs} ms fixed (jitter none); completion = AttemptFinished(Succeeded) persisted" +
        (wasm ? "; subprocess jobs run noop.wat (a WASI module whose _start returns) on the wasm runner (Wasmtime 50.0.1, module compiled once, a fresh instance per attempt) instead of `true`" : string.Empty);

    public string? Deviation(JobKind kind, CellRequest request) => null;

    public Task StartAsync(CellRequest request)
    {
        _path = Path.Combine(request.Dir, "taskactors.db");
        _measured = request.N;
        _backoff = new BackoffPolicy(JitterPolicy.None, request.BackoffMs, request.BackoffMs, 1.0);
        _tally = new TaskEventTally(_ => true) { OnSucceeded = JobRecorder.Done };
        EarlySubscriberProvider.Arm(_tally);
        var runners = new RunnerSet(
            new HandlerRunner(new HandlerRegistry(
            [
                HandlerRegistration.For<BenchHandlers.NoopHandler>("noop"),
                HandlerRegistration.For<FlakyHandler>("flaky"),
                HandlerRegistration.For<MarkHandler>("mark"),
            ])),
            new SubprocessRunner(),
            new WasmRunner(WasmRunnerSettings.Default(request.Dir)));
        if (wasm)
            File.WriteAllText(Path.Combine(request.Dir, "noop.wat"), NoopModule);
        _node = TaskActorsNode.Start("compare", BenchConfig.For(_path, new BenchOptions { Durability = durability }), runners);
        _client = new TaskClient(_node, request.Timeout);
        _sqlite = DescribeSqlite(_path);
        return Task.CompletedTask;
    }

    public async Task MeasuredPhaseStartingAsync()
    {
        // Let the warm-up's last region and slot events reach the journal, then take the counts the run is compared with.
        await Task.Delay(300);
        _eventsBefore = _tally!.Events;
        _rowsBefore = JournalRows.Count(_path);
    }

    public async Task SubmitAsync(int index, JobKind kind)
    {
        // Warm-up jobs (index >= N) get ids of their own prefix; every job has a slot of its own.
        var id = (index < _measured ? "m-" : "w-") + index.ToString("D7", CultureInfo.InvariantCulture);
        var spec = kind switch
        {
            JobKind.Noop => BenchHandlers.OneShot(id),
            JobKind.Mark => TaskSpec.Builder(id, HandlerWorkload.Create("mark", index)).Build(),
            JobKind.Flaky => TaskSpec.Builder(id, HandlerWorkload.Create("flaky", index))
                .Restart(RestartPolicy.OnFailure).MaxRetries(2).Backoff(_backoff).Build(),
            JobKind.Process when wasm => TaskSpec.Builder(id, new WasmWorkload("noop.wat", ValueList<string>.Empty, ValueList<EnvVar>.Empty)).Build(),
            JobKind.Process => TaskSpec.Builder(id, SubprocessWorkload.Command(TrueProcess.Command)).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var result = await _client!.SubmitAsync(spec, id);
        if (result is not SubmitResult.Accepted)
            throw new InvalidOperationException($"submit of {id} answered {result}");
    }

    public async Task<Dictionary<string, double>> StopAsync(double measuredSeconds)
    {
        var extra = new Dictionary<string, double>();
        if (_node is null)
            return extra;
        var taskEvents = _tally!.Events - _eventsBefore;
        await _node.DisposeAsync();
        _node = null;
        SqliteConnection.ClearAllPools();
        if (_rowsBefore is { } before && !double.IsNaN(measuredSeconds))
        {
            // Journal rows written for the measured tasks, counted in the store: the tasks' own events plus their slots'
            // and the task region's (activation, deactivation).
            var after = JournalRows.Count(_path);
            extra["taskEvents"] = taskEvents;
            extra["taskEventsPerSecond"] = taskEvents / measuredSeconds;
            extra["journalRows"] = after.All - before.All;
            extra["journalRowsPerSecond"] = (after.All - before.All) / measuredSeconds;
            extra["taskRows"] = after.MeasuredTasks - before.MeasuredTasks;
            extra["slotRows"] = after.MeasuredSlots - before.MeasuredSlots;
        }

        return extra;
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
        _node = null;
    }

    private static string DescribeSqlite(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        return "SQLite " + Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Journal rows in the store: all of them, and those of the measured tasks (ids <c>m-*</c>) and of their slots.
    /// Counted on a read-write connection: a read-only one may miss what is still in the WAL once the node has closed.
    /// </summary>
    private sealed record JournalRows(long All, long MeasuredTasks, long MeasuredSlots)
    {
        public static JournalRows Count(string path)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            long Scalar(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            return new JournalRows(
                Scalar("SELECT COUNT(*) FROM journal"),
                Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'task-m-%'"),
                Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'slot-m-%'"));
        }
    }

    /// <summary>Fails on attempts 1 and 2 (the attempt number comes from the task's journal).</summary>
    public sealed class FlakyHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            JobRecorder.NextAttempt(context.InputAs<int>());
            return context.Attempt <= 2 ? Task.FromException(new InvalidOperationException("attempt failed")) : Task.CompletedTask;
        }
    }

    /// <summary>Records when it started.</summary>
    public sealed class MarkHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            JobRecorder.Started(context.InputAs<int>());
            return Task.CompletedTask;
        }
    }
}
