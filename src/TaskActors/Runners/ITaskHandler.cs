using System.Text.Json;
using Microsoft.Extensions.Logging;
using TaskActors.Model.Identity;

namespace TaskActors.Runners;

/// <summary>
/// An in-process workload, registered by name in the host (<c>AddHandler&lt;THandler&gt;("name")</c>) and run by the
/// handler runner for tasks whose workload is <c>{"handler":{"name":...,"input":...}}</c>. Returning completes the
/// attempt Succeeded; throwing makes it Failed with the exception's type and message.
/// </summary>
/// <remarks>
/// Cancellation is cooperative: the token fires on timeout, cancel, replace and shutdown; a handler that has not
/// returned within the runner's grace period after that is abandoned (its attempt is recorded as such and the
/// task moves on). Use <see cref="HandlerContext.TaskId"/> and <see cref="HandlerContext.Attempt"/> to de-duplicate
/// side effects: an attempt interrupted by a crash is retried with a new attempt number.
/// </remarks>
public interface ITaskHandler
{
    /// <summary>Runs one attempt.</summary>
    Task HandleAsync(HandlerContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler gets for one attempt.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt number (1-based, never repeated for the task).</param>
/// <param name="Input">The workload's JSON input, or null.</param>
/// <param name="Logger">A logger named after the handler.</param>
public sealed record HandlerContext(TaskId TaskId, int Attempt, JsonElement? Input, ILogger Logger)
{
    /// <summary>Deserializes <see cref="Input"/> to <typeparamref name="T"/> (default when there is no input).</summary>
    public T? InputAs<T>(JsonSerializerOptions? options = null) => Input is { } input ? input.Deserialize<T>(options) : default;
}
