using System.Text.Json;
using Microsoft.Extensions.Logging;
using TaskActors.Runners;

namespace TaskActors.Cli;

/// <summary>The handlers every node started by the command line tool can run (handler workloads in manifests).</summary>
public static class BuiltInHandlers
{
    /// <summary>The built-in handlers: name and what it does with its input.</summary>
    public static IReadOnlyList<(string Name, string Description)> Descriptions { get; } =
    [
        ("echo", "logs its input (any JSON) and succeeds"),
        ("sleep", "waits input.ms milliseconds (input {\"ms\": 500}), then succeeds; stops when the attempt is canceled"),
        ("fail", "throws, so the attempt fails (input {\"message\": \"...\"} sets the error text)"),
    ];

    /// <summary>Creates the registry of the built-in handlers.</summary>
    public static HandlerRegistry CreateRegistry() => new(
    [
        HandlerRegistration.For<EchoHandler>("echo"),
        HandlerRegistration.For<SleepHandler>("sleep"),
        HandlerRegistration.For<FailHandler>("fail"),
    ]);

    /// <summary>Handler <c>echo</c>: logs its input.</summary>
    public sealed class EchoHandler : ITaskHandler
    {
        /// <inheritdoc />
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var input = context.Input is { } json ? json.GetRawText() : "null";
            context.Logger.LogInformation("{TaskId} attempt {Attempt}: {Input}", context.TaskId, context.Attempt, input);
            return Task.CompletedTask;
        }
    }

    /// <summary>Handler <c>sleep</c>: waits <c>input.ms</c> milliseconds.</summary>
    public sealed class SleepHandler : ITaskHandler
    {
        /// <inheritdoc />
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var ms = context.Input is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("ms", out var value) && value.TryGetInt32(out var n)
                ? n
                : 0;
            return ms < 0 ? throw new ArgumentException("input.ms must not be negative") : Task.Delay(ms, cancellationToken);
        }
    }

    /// <summary>Handler <c>fail</c>: throws.</summary>
    public sealed class FailHandler : ITaskHandler
    {
        /// <inheritdoc />
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var message = context.Input is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("message", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            throw new InvalidOperationException(message ?? "failed on purpose (built-in handler 'fail')");
        }
    }
}
