using System.Globalization;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare.Hangfire;

/// <summary>
/// Hangfire 1.8 as a user would set it up without ASP.NET: a <see cref="BackgroundJobServer"/> and a
/// <see cref="BackgroundJobClient"/> on one storage (Hangfire.Storage.SQLite on a fresh file, or Hangfire.InMemory).
/// Polling intervals are lowered from their 15 s defaults to 100 ms, otherwise a job submitted to the SQLite storage
/// or retried after a backoff would wait up to 15 s for a poll. Worker count: Hangfire's default.
/// </summary>
public sealed class HangfireSystem(bool sqlite) : IJobSystem
{
    public const string SqliteName = "hangfire-sqlite";
    public const string InMemoryName = "hangfire-inmemory";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private JobStorage? _storage;
    private BackgroundJobServer? _server;
    private BackgroundJobClient? _client;
    private BackgroundJobServerOptions? _options;
    private string _sqliteInfo = string.Empty;

    public string Config
    {
        get
        {
            var workers = _options?.WorkerCount ?? 0;
            var common = $"{workers} workers (Hangfire's default: min(5 × cores, 20)); SchedulePollingInterval 100 ms (default 15 s); " +
                         "completion = the Succeeded state applied (IApplyStateFilter, inside the state transaction)";
            return sqlite
                ? $"Hangfire.Core 1.8.25 + Hangfire.Storage.SQLite 0.4.3 (sqlite-net-pcl 1.11.285; {_sqliteInfo}); QueuePollInterval 100 ms (default 15 s); {common}"
                : $"Hangfire.Core 1.8.25 + Hangfire.InMemory 1.0.0 (not durable); {common}";
        }
    }

    public string? Deviation(JobKind kind, CellRequest request) => kind == JobKind.Flaky
        ? $"backoff {RetryDelaySeconds(request)} s instead of {request.BackoffMs} ms: AutomaticRetry takes whole seconds (0 re-enqueues at once, i.e. no backoff), " +
          "and the retry starts at the scheduler's next poll (100 ms) after it is due"
        : null;

    public Task StartAsync(CellRequest request)
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        if (Environment.GetEnvironmentVariable("BENCH_HANGFIRE_LOG") == "1")
            GlobalConfiguration.Configuration.UseColouredConsoleLogProvider(global::Hangfire.Logging.LogLevel.Debug);
        if (sqlite)
        {
            var path = Path.Combine(request.Dir, "hangfire.db");
            _storage = new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = PollInterval });
            _sqliteInfo = DescribeSqlite(path);
        }
        else
        {
            _storage = new InMemoryStorage(new InMemoryStorageOptions());
        }

        GlobalConfiguration.Configuration.UseStorage(_storage);

        // The workload's retry policy replaces Hangfire's default (10 attempts with a growing delay).
        GlobalJobFilters.Filters.Remove(typeof(AutomaticRetryAttribute));
        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 2, DelaysInSeconds = [RetryDelaySeconds(request)], LogEvents = false });
        GlobalJobFilters.Filters.Add(new CompletionFilter());

        _options = new BackgroundJobServerOptions { SchedulePollingInterval = PollInterval };
        _server = new BackgroundJobServer(_options, _storage);
        _client = new BackgroundJobClient(_storage);
        return Task.CompletedTask;
    }

    public Task SubmitAsync(int index, JobKind kind)
    {
        var client = _client ?? throw new InvalidOperationException("not started");
        _ = kind switch
        {
            JobKind.Noop => client.Enqueue(() => HangfireJobs.Noop(index)),
            JobKind.Flaky => client.Enqueue(() => HangfireJobs.Flaky(index)),
            JobKind.Mark => client.Enqueue(() => HangfireJobs.Mark(index)),
            JobKind.Process => client.Enqueue(() => HangfireJobs.RunTrue(index)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, double>> StopAsync(double measuredSeconds)
    {
        _server?.SendStop();
        _server?.Dispose();
        _server = null;
        (_storage as IDisposable)?.Dispose();
        return Task.FromResult(new Dictionary<string, double>());
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int RetryDelaySeconds(CellRequest request) => Math.Max(1, (int)Math.Ceiling(request.BackoffMs / 1000.0));

    /// <summary>The SQLite library and the settings the storage's connections run with, read from a connection of its kind.</summary>
    private static string DescribeSqlite(string path)
    {
        using var connection = new SQLite.SQLiteConnection(path);
        var version = connection.ExecuteScalar<string>("select sqlite_version()");
        var journal = connection.ExecuteScalar<string>("PRAGMA journal_mode");
        var synchronous = connection.ExecuteScalar<int>("PRAGMA synchronous");
        return string.Create(CultureInfo.InvariantCulture, $"SQLite {version}, journal_mode={journal}, synchronous={SynchronousName(synchronous)} (not set by the storage)");
    }

    private static string SynchronousName(int value) => value switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", 3 => "EXTRA", _ => value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Reports each job that reached the Succeeded state.</summary>
    private sealed class CompletionFilter : IApplyStateFilter
    {
        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
            if (context.NewState is SucceededState)
                JobRecorder.Done();
        }

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
        }
    }
}

/// <summary>The job methods (Hangfire serializes the call: method + arguments).</summary>
public static class HangfireJobs
{
    public static void Noop(int index)
    {
    }

    /// <summary>Fails on attempts 1 and 2 (counted in this process: Hangfire does not pass the attempt number).</summary>
    public static void Flaky(int index)
    {
        if (JobRecorder.NextAttempt(index) <= 2)
            throw new InvalidOperationException("attempt failed");
    }

    public static void Mark(int index) => JobRecorder.Started(index);

    public static void RunTrue(int index) => TrueProcess.Run();
}
