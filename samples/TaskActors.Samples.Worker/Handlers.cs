using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TaskActors.Runners;

namespace TaskActors.Samples.Worker;

/// <summary>A DI service the greet handler depends on.</summary>
public sealed class Greeter
{
    public string Greet(string name) => $"Hello, {name}!";
}

/// <summary>Counts the attempts of each flaky task (a singleton, so it outlives the per-attempt handler instances).</summary>
public sealed class FlakyCounter
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public int Next(string taskId) => _attempts.AddOrUpdate(taskId, 1, (_, n) => n + 1);
}

/// <summary>Handler <c>greet</c>: input <c>{"name": "...", "delayMs": 0}</c>; fails when the name is missing or empty.</summary>
public sealed class GreetHandler(Greeter greeter) : ITaskHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var input = context.InputAs<GreetInput>(Json);
        if (input?.DelayMs is > 0)
        {
            await Task.Delay(input.DelayMs.Value, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(input?.Name))
        {
            throw new ArgumentException("nobody to greet: input.name is missing");
        }

        context.Logger.LogInformation("{TaskId}: {Greeting}", context.TaskId, greeter.Greet(input.Name));
    }

    private sealed record GreetInput(string? Name, int? DelayMs);
}

/// <summary>Handler <c>flaky</c>: fails the first two attempts of each task, then succeeds.</summary>
public sealed class FlakyHandler(FlakyCounter counter) : ITaskHandler
{
    public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var call = counter.Next(context.TaskId.Value);
        if (call <= 2)
        {
            throw new InvalidOperationException($"flaky failure on call {call} (attempt {context.Attempt})");
        }

        context.Logger.LogInformation("{TaskId}: worked on call {Call}", context.TaskId, call);
        return Task.CompletedTask;
    }
}
