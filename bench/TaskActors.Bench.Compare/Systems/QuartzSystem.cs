using System.Globalization;
using Microsoft.Data.Sqlite;
using Quartz;
using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare.Systems;

/// <summary>
/// Quartz.NET 4.7 built standalone (<see cref="QuartzSchedulerBuilder"/>): the ADO job store on a fresh SQLite file through
/// Microsoft.Data.Sqlite (schema created by Quartz, file switched to WAL as for the other SQLite stores), or the RAM store.
/// Each job is a durable-less job with one one-shot trigger firing now; retries use Quartz's own
/// <see cref="RetryPolicy"/> on the trigger. Thread pool and batch size: Quartz's defaults.
/// </summary>
public sealed class QuartzSystem(bool ado) : IJobSystem
{
    public const string SqliteName = "quartz-sqlite";
    public const string RamName = "quartz-ram";

    private IScheduler? _scheduler;
    private RetryPolicy? _retry;
    private string _storeInfo = string.Empty;
    private int _threads;

    public string Config =>
        (ado
            ? $"Quartz 4.7.3, ADO job store (UseSqlite: Microsoft.Data.Sqlite 10.0.0; {_storeInfo}), schema provisioned by Quartz"
            : "Quartz 4.7.3, RAM job store (not durable)") +
        $"; {_threads} threads (Quartz's default), batch acquisition at Quartz's default; retries: RetryPolicy.Fixed(2, backoff) on the trigger; " +
        "completion = IJobListener.JobWasExecuted without an exception (before the store records the firing complete)";

    public string? Deviation(JobKind kind, CellRequest request) => null;

    public async Task StartAsync(CellRequest request)
    {
        _retry = RetryPolicy.Fixed(2, TimeSpan.FromMilliseconds(request.BackoffMs));
        string? connectionString = null;
        if (ado)
        {
            var path = Path.Combine(request.Dir, "quartz.db");
            connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            _storeInfo = PrepareSqlite(connectionString);
        }

        _scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = ado ? "bench-ado" : "bench-ram");
            if (connectionString is not null)
            {
                q.UsePersistentStore(store =>
                {
                    store.UseSqlite(connectionString);
                    store.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore(_ => { });
            }

            q.AddJobListener(new CompletionListener(), []);
        }).BuildScheduler();
        _threads = (await _scheduler.GetMetadata()).ThreadPoolSize;
        await _scheduler.Start();
    }

    public async Task SubmitAsync(int index, JobKind kind)
    {
        var scheduler = _scheduler ?? throw new InvalidOperationException("not started");
        var job = kind switch
        {
            JobKind.Noop => Job<NoopJob>(index),
            JobKind.Flaky => Job<FlakyJob>(index),
            JobKind.Mark => Job<MarkJob>(index),
            JobKind.Process => Job<TrueJob>(index),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var trigger = TriggerBuilder.Create().WithIdentity($"trigger-{index}").StartNow();
        if (kind == JobKind.Flaky)
            trigger = trigger.WithRetryPolicy(_retry!);
        await scheduler.ScheduleJob(job, trigger.Build());
    }

    private static IJobDetail Job<T>(int index)
        where T : IJob =>
        JobBuilder.Create<T>().WithIdentity($"job-{index}").UsingJobData("i", index).Build();

    public async Task<Dictionary<string, double>> StopAsync(double measuredSeconds)
    {
        if (_scheduler is not null)
            await _scheduler.Shutdown(waitForJobsToComplete: true);
        _scheduler = null;
        SqliteConnection.ClearAllPools();
        return [];
    }

    public async ValueTask DisposeAsync()
    {
        if (_scheduler is not null)
            await _scheduler.Shutdown(waitForJobsToComplete: false);
    }

    /// <summary>
    /// Switches the file to WAL (a property of the file, kept by every later connection; SQLite's default is a rollback
    /// journal) and reports the SQLite library and the synchronous setting Quartz's connections get (not set by Quartz).
    /// </summary>
    private static string PrepareSqlite(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var journal = Scalar("PRAGMA journal_mode=WAL");
        var synchronous = Scalar("PRAGMA synchronous") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var s => s };
        return $"SQLite {Scalar("select sqlite_version()")}, journal_mode={journal}, synchronous={synchronous} (SQLite's default, not set by Quartz)";
    }

    private sealed class CompletionListener : IJobListener
    {
        public string Name => "bench-completion";

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is null)
                JobRecorder.Done();
            return default;
        }
    }

    private sealed class NoopJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => default;
    }

    /// <summary>Fails on the first fire and its first retry (Quartz tells the job its retry number).</summary>
    private sealed class FlakyJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            JobRecorder.NextAttempt(context.MergedJobDataMap.GetInt("i"));
            if (context.RetryAttempt < 2)
                throw new JobExecutionException("attempt failed");
            return default;
        }
    }

    private sealed class MarkJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            JobRecorder.Started(context.MergedJobDataMap.GetInt("i"));
            return default;
        }
    }

    private sealed class TrueJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
            await TrueProcess.RunAsync(cancellationToken);
    }
}
