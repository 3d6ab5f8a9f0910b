using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TaskActors.Runners;

namespace TaskActors.Testing;

/// <summary>
/// The in-process handlers that runtime and hosting specs run, by name: <c>noop</c>, <c>throw</c>, <c>flaky</c>,
/// <c>wait</c>, <c>block-first</c> and <c>record</c>. They report to a <see cref="HandlerLog"/> (one per container)
/// and <c>record</c> also takes an <see cref="AttemptScope"/> (one per attempt), so a host resolves them through DI
/// and a bare node through <see cref="Registry()"/>'s own container.
/// </summary>
public static class TestHandlers
{
    /// <summary>Every handler, registered by type (created per attempt with its constructor arguments from the container).</summary>
    public static IReadOnlyList<HandlerRegistration> Registrations { get; } =
    [
        HandlerRegistration.For<NoopHandler>("noop"),
        HandlerRegistration.For<ThrowingHandler>("throw"),
        HandlerRegistration.For<FlakyHandler>("flaky"),
        HandlerRegistration.For<WaitForCancelHandler>("wait"),
        HandlerRegistration.For<BlockFirstAttemptHandler>("block-first"),
        HandlerRegistration.For<RecordingHandler>("record"),
    ];

    /// <summary>Adds what the handlers depend on: one <see cref="HandlerLog"/> and an <see cref="AttemptScope"/> per attempt.</summary>
    public static IServiceCollection AddTestHandlerServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<HandlerLog>();
        services.AddScoped<AttemptScope>();
        return services;
    }

    /// <summary>A registry of every handler over a container of its own (a fresh <see cref="HandlerLog"/>).</summary>
    public static HandlerRegistry Registry() => Registry(out _);

    /// <summary>A registry of every handler over a container of its own; <paramref name="log"/> is the log they report to.</summary>
    public static HandlerRegistry Registry(out HandlerLog log)
    {
        var services = new ServiceCollection().AddTestHandlerServices().BuildServiceProvider();
        log = services.GetRequiredService<HandlerLog>();
        return new HandlerRegistry(Registrations, services);
    }

    /// <summary>Returns at once.</summary>
    public sealed class NoopHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Throws an InvalidOperationException naming the attempt.</summary>
    public sealed class ThrowingHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"boom on attempt {context.Attempt}");
    }

    /// <summary>Fails the first <c>input.failures</c> calls for each task (2 without input), then succeeds.</summary>
    public sealed class FlakyHandler(HandlerLog log) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            var failures = context.Input?.GetProperty("failures").GetInt32() ?? 2;
            var call = log.Calls.AddOrUpdate(context.TaskId.Value, 1, (_, n) => n + 1);
            return call <= failures ? throw new InvalidOperationException($"flaky failure {call}") : Task.CompletedTask;
        }
    }

    /// <summary>Signals that it started (<see cref="HandlerLog.StartedSignal"/>), then waits until canceled.</summary>
    public sealed class WaitForCancelHandler(HandlerLog log) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            log.StartedSignal(context.TaskId.Value).TrySetResult();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Attempt 1 signals that it started and waits until canceled; later attempts succeed.</summary>
    public sealed class BlockFirstAttemptHandler(HandlerLog log) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            if (context.Attempt > 1)
            {
                return Task.CompletedTask;
            }

            log.StartedSignal(context.TaskId.Value).TrySetResult();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Records "{id}#{attempt} scope {n} input {json}" in the log.</summary>
    public sealed class RecordingHandler(HandlerLog log, AttemptScope scope) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            log.Entries.Enqueue($"{context.TaskId}#{context.Attempt} scope {scope.Number} input {context.Input?.GetRawText() ?? "null"}");
            return Task.CompletedTask;
        }
    }
}

/// <summary>What the test handlers report (one per container): log lines, calls per task, started attempts.</summary>
public sealed class HandlerLog
{
    /// <summary>Lines in the order written: the recording handler's, and every disposed <see cref="AttemptScope"/>'s.</summary>
    public ConcurrentQueue<string> Entries { get; } = new();

    /// <summary>The flaky handler's calls so far, per task id.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed when a blocking attempt of the task has started, per task id.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new(StringComparer.Ordinal);

    /// <summary>The signal completed when a blocking attempt of task <paramref name="id"/> has started.</summary>
    public TaskCompletionSource StartedSignal(string id) =>
        Started.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A scoped service: one per attempt (each attempt runs in its own DI scope); logs "scope {n} disposed" when it ends.</summary>
public sealed class AttemptScope(HandlerLog log) : IDisposable
{
    private static int _next;

    /// <summary>This scope's number, unique in the process.</summary>
    public int Number { get; } = Interlocked.Increment(ref _next);

    /// <inheritdoc />
    public void Dispose() => log.Entries.Enqueue($"scope {Number} disposed");
}
