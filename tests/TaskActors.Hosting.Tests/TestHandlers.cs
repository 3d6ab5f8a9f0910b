using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TaskActors.Runners;

namespace TaskActors.Hosting.Tests;

/// <summary>Handlers registered through DI in every test host, and the services they depend on.</summary>
public static class TestHandlers
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<Journal>();
        services.AddScoped<AttemptScope>();
    }

    public static void AddAll(TaskActorsBuilder builder)
    {
        builder.AddHandler<RecordingHandler>("record")
            .AddHandler<FlakyHandler>("flaky")
            .AddHandler<WaitForCancelHandler>("wait")
            .AddHandler<BlockFirstAttemptHandler>("block-first");
    }

    /// <summary>A singleton the handlers report to (DI-injected).</summary>
    public sealed class Journal
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

        /// <summary>Completed with the task id whenever a blocking attempt has started.</summary>
        public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource StartedSignal(string id) => Started.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>A scoped service: one per attempt (each attempt runs in its own DI scope), disposed when it ends.</summary>
    public sealed class AttemptScope(Journal journal) : IDisposable
    {
        private static int _next;

        public int Number { get; } = Interlocked.Increment(ref _next);

        public void Dispose() => journal.Entries.Enqueue($"scope {Number} disposed");
    }

    /// <summary>Records "{id}#{attempt} scope {n} input {json}" in the journal.</summary>
    public sealed class RecordingHandler(Journal journal, AttemptScope scope) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            journal.Entries.Enqueue($"{context.TaskId}#{context.Attempt} scope {scope.Number} input {context.Input?.GetRawText() ?? "null"}");
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails the first two calls for each task, then succeeds.</summary>
    public sealed class FlakyHandler(Journal journal) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            var call = journal.Calls.AddOrUpdate(context.TaskId.Value, 1, (_, n) => n + 1);
            return call <= 2 ? throw new InvalidOperationException($"flaky failure {call}") : Task.CompletedTask;
        }
    }

    /// <summary>Waits until canceled.</summary>
    public sealed class WaitForCancelHandler(Journal journal) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            journal.StartedSignal(context.TaskId.Value).TrySetResult();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Attempt 1 waits until canceled (signalling that it started); later attempts succeed.</summary>
    public sealed class BlockFirstAttemptHandler(Journal journal) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            if (context.Attempt > 1)
            {
                return Task.CompletedTask;
            }

            journal.StartedSignal(context.TaskId.Value).TrySetResult();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
