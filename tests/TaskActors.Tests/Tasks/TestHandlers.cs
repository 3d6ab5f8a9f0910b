using System.Collections.Concurrent;
using TaskActors.Runners;

namespace TaskActors.Tests.Tasks;

/// <summary>In-process handlers used by the runtime specs.</summary>
public static class TestHandlers
{
    public static HandlerRegistry Registry() => new(
    [
        HandlerRegistration.For<NoopHandler>("noop"),
        HandlerRegistration.For<ThrowingHandler>("throw"),
        HandlerRegistration.For<FlakyHandler>("flaky"),
        HandlerRegistration.For<WaitForCancelHandler>("wait"),
    ]);

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

    /// <summary>Fails the first <c>input.failures</c> attempts of each task, then succeeds.</summary>
    public sealed class FlakyHandler : ITaskHandler
    {
        private static readonly ConcurrentDictionary<string, int> Calls = new();

        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            var failures = context.Input?.GetProperty("failures").GetInt32() ?? 2;
            var call = Calls.AddOrUpdate(context.TaskId.Value, 1, (_, n) => n + 1);
            return call <= failures ? throw new InvalidOperationException($"flaky failure {call}") : Task.CompletedTask;
        }
    }

    /// <summary>Waits until canceled (a long-running cooperative handler).</summary>
    public sealed class WaitForCancelHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
