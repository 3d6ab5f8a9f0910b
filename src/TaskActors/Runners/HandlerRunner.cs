using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskActors.Model.Attempts;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;

namespace TaskActors.Runners;

/// <summary>
/// Runs <see cref="HandlerWorkload"/>s in process (runner name <c>handler</c>): an attempt actor calls
/// <see cref="RunAsync"/> once per attempt; it creates the named <see cref="ITaskHandler"/> from the
/// <see cref="HandlerRegistry"/>, calls it on the thread pool with a <see cref="HandlerContext"/> (task id, attempt,
/// JSON input, a logger named <c>TaskActors.Handlers.&lt;name&gt;</c>) and the attempt's token, and returns how it ended.
/// </summary>
/// <remarks>
/// <para>
/// Outcomes: the handler returns → Succeeded; it throws → Failed with <c>&lt;ExceptionType&gt;: &lt;message&gt;</c> as the
/// error and the exception's text with its stack trace (at most <see cref="MaxStackTraceLength"/> characters) as the run's
/// <c>stderrTail</c>, and a warning is logged with the task id, attempt and exception (an
/// <see cref="OperationCanceledException"/> of its own, while our token has not fired, is a failure like any other).
/// </para>
/// <para>
/// Cancellation is cooperative. When the token fires before the handler has finished, the runner waits up to the
/// task's stop grace period (<see cref="AttemptContext.StopGracePeriod"/>, the spec's <c>stopGracePeriodMs</c>), at
/// most <see cref="GracePeriod"/> (the node's cap; measured on the runner's <see cref="TimeProvider"/>) for it to stop; however it then
/// stops (returns, throws <see cref="OperationCanceledException"/>, or throws anything else) the attempt is
/// Canceled. A handler still running after the grace period is abandoned: the result is Canceled with error
/// <c>abandoned: handler 'x' did not stop within 5s of cancellation</c>, its task keeps running in the background
/// (its exception, if any, is observed and logged, never unobserved) and its DI scope is disposed when it finally ends.
/// </para>
/// <para><see cref="CheckRunnable"/> rejects unknown handler names at submit, listing the registered ones.</para>
/// </remarks>
public sealed class HandlerRunner : ITaskRunner
{
    /// <summary>The grace period used when none is given: 5 seconds.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>The prefix of every handler's logger category.</summary>
    public const string LoggerCategoryPrefix = "TaskActors.Handlers.";

    private readonly HandlerRegistry _registry;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler runner of this node.</summary>
    /// <param name="registry">The handlers it can run.</param>
    /// <param name="loggerFactory">Creates each handler's logger; null = <see cref="NullLoggerFactory"/>.</param>
    /// <param name="labels">The runner's labels; null = none.</param>
    /// <param name="gracePeriod">How long a canceled handler may take to stop before it is abandoned (default 5 s, not negative).</param>
    /// <param name="timeProvider">The clock of the grace period; null = <see cref="TimeProvider.System"/>.</param>
    public HandlerRunner(
        HandlerRegistry registry,
        ILoggerFactory? loggerFactory = null,
        Labels? labels = null,
        TimeSpan? gracePeriod = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var grace = gracePeriod ?? DefaultGracePeriod;
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(gracePeriod));
        _registry = registry;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _log = _loggerFactory.CreateLogger<HandlerRunner>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        Labels = labels ?? Labels.Empty;
        GracePeriod = grace;
    }

    /// <inheritdoc />
    public string Name => "handler";

    /// <inheritdoc />
    public Labels Labels { get; }

    /// <summary>How long a canceled handler may take to stop before its attempt is abandoned.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>The handlers this runner knows.</summary>
    public HandlerRegistry Registry => _registry;

    /// <inheritdoc />
    public bool Supports(Workload workload) => workload is HandlerWorkload;

    /// <inheritdoc />
    /// <remarks>Returns <c>unknown handler 'x'; registered: a, b</c> for a name that is not registered.</remarks>
    public string? CheckRunnable(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload switch
        {
            HandlerWorkload handler when _registry.Contains(handler.Name) => null,
            HandlerWorkload handler => UnknownHandlerMessage(handler.Name),
            _ => $"the handler runner does not run {workload.Kind} workloads",
        };
    }

    /// <inheritdoc />
    public async Task<AttemptResult> RunAsync(AttemptContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workload is not HandlerWorkload workload)
        {
            return AttemptResult.Failure($"the handler runner does not run {context.Workload.Kind} workloads");
        }

        var name = workload.Name;
        if (!_registry.Contains(name))
        {
            return AttemptResult.Failure(UnknownHandlerMessage(name));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptResultKind.Canceled, Error: $"canceled before handler '{name}' started");
        }

        HandlerLease lease;
        try
        {
            lease = _registry.Lease(name);
        }
        catch (Exception e)
        {
            return AttemptResult.Failure($"cannot create handler '{name}': {Describe(e)}");
        }

        var handlerContext = new HandlerContext(
            context.TaskId, context.Attempt, workload.Input, _loggerFactory.CreateLogger(LoggerCategoryPrefix + name));

        // On the thread pool, so a handler that blocks before its first await cannot hold up the caller.
        var handling = Task.Run(() => lease.Handler.HandleAsync(handlerContext, cancellationToken), CancellationToken.None);
        var graceOfThisAttempt = GraceFor(context);
        var stopped = await WaitAsync(handling, graceOfThisAttempt, cancellationToken).ConfigureAwait(false);
        if (!stopped)
        {
            _log.LogWarning(
                "Abandoned handler {Handler} (task {TaskId}, attempt {Attempt}): it did not stop within {Grace} of cancellation",
                name, context.TaskId, context.Attempt, graceOfThisAttempt);
            _ = FinishAbandonedAsync(handling, lease, name, context);
            return new AttemptResult(
                AttemptResultKind.Canceled,
                Error: $"abandoned: handler '{name}' did not stop within {FormatDuration(graceOfThisAttempt)} of cancellation");
        }

        await DisposeQuietlyAsync(lease, name).ConfigureAwait(false);
        var canceled = cancellationToken.IsCancellationRequested;
        try
        {
            await handling.ConfigureAwait(false);
            return canceled
                ? new AttemptResult(AttemptResultKind.Canceled, Error: $"canceled: handler '{name}' returned after cancellation")
                : AttemptResult.Success;
        }
        catch (OperationCanceledException) when (canceled)
        {
            return new AttemptResult(AttemptResultKind.Canceled, Error: $"canceled: handler '{name}' stopped");
        }
        catch (Exception e)
        {
            if (canceled)
            {
                return new AttemptResult(AttemptResultKind.Canceled, Error: $"canceled: handler '{name}' stopped with {Describe(e)}");
            }

            _log.LogWarning(e, "Handler {Handler} failed: task {TaskId}, attempt {Attempt}: {Error}", name, context.TaskId, context.Attempt, Describe(e));
            return AttemptResult.Failure(Describe(e)) with { StderrTail = StackTraceOf(e) };
        }
    }

    /// <summary>The grace of one attempt: the task's stop grace period, at most this runner's <see cref="GracePeriod"/>.</summary>
    private TimeSpan GraceFor(AttemptContext context) =>
        context.StopGracePeriod < GracePeriod && context.StopGracePeriod >= TimeSpan.Zero ? context.StopGracePeriod : GracePeriod;

    /// <summary>
    /// Waits for the handler; once <paramref name="cancellationToken"/> fires, waits at most the grace period more.
    /// Returns false when the handler is still running after that.
    /// </summary>
    private async Task<bool> WaitAsync(Task handling, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var cancelSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), cancelSignal))
        {
            if (await Task.WhenAny(handling, cancelSignal.Task).ConfigureAwait(false) == handling)
            {
                return true;
            }
        }

        using var graceOver = new CancellationTokenSource();
        var grace = Task.Delay(gracePeriod, _timeProvider, graceOver.Token);
        var first = await Task.WhenAny(handling, grace).ConfigureAwait(false);
        await graceOver.CancelAsync().ConfigureAwait(false);
        return first == handling;
    }

    private async Task FinishAbandonedAsync(Task handling, HandlerLease lease, string name, AttemptContext context)
    {
        try
        {
            await handling.ConfigureAwait(false);
            _log.LogInformation(
                "Abandoned handler {Handler} (task {TaskId}, attempt {Attempt}) finished after all", name, context.TaskId, context.Attempt);
        }
        catch (Exception e)
        {
            _log.LogWarning(
                e, "Abandoned handler {Handler} (task {TaskId}, attempt {Attempt}) ended with {Error}", name, context.TaskId, context.Attempt, Describe(e));
        }

        await DisposeQuietlyAsync(lease, name).ConfigureAwait(false);
    }

    private async Task DisposeQuietlyAsync(HandlerLease lease, string name)
    {
        try
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Disposing handler {Handler} failed", name);
        }
    }

    private string UnknownHandlerMessage(string name) =>
        $"unknown handler '{name}'; registered: {(_registry.Names.Count == 0 ? "none" : string.Join(", ", _registry.Names))}";

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    /// <summary>The most characters of a failed handler's exception text (type, message, stack trace, inner exceptions) kept in its run record.</summary>
    public const int MaxStackTraceLength = 4096;

    /// <summary>
    /// The exception as .NET writes it (full type, message, stack trace, inner exceptions), cut to
    /// <see cref="MaxStackTraceLength"/> characters from the start (the throwing frame is the most telling). Kept as the
    /// run's <c>stderrTail</c>: a handler has no standard error, and this is what it would have printed there.
    /// </summary>
    internal static string StackTraceOf(Exception e)
    {
        var text = e.ToString();
        return text.Length <= MaxStackTraceLength
            ? text
            : string.Concat(text.AsSpan(0, MaxStackTraceLength), $"\n... ({text.Length - MaxStackTraceLength} more characters)");
    }

    /// <summary>Formats a duration as <c>5s</c>, <c>1.5s</c> or <c>200ms</c>.</summary>
    internal static string FormatDuration(TimeSpan duration) =>
        duration > TimeSpan.Zero && duration < TimeSpan.FromSeconds(1)
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
