using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TaskActors.Model.Attempts;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using TaskActors.Testing;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

public sealed class HandlerRunnerSpec
{
    private static HandlerRunner Runner(
        ITaskHandler handler, string name = "work", ILoggerFactory? loggers = null, TimeSpan? grace = null, TimeProvider? time = null) =>
        new(new HandlerRegistry([new HandlerRegistration(name, _ => handler)]), loggers, gracePeriod: grace, timeProvider: time);

    [Fact]
    public async Task A_handler_that_returns_succeeds_and_sees_task_attempt_input_and_its_named_logger()
    {
        var handler = new DelegateHandler((context, _) =>
        {
            context.Logger.LogInformation("invoice {Number}", context.InputAs<Invoice>()!.Number);
            return Task.CompletedTask;
        });
        var loggers = new RecordingLoggerFactory();
        var runner = Runner(handler, "send-invoice", loggers);

        var result = await runner.RunAsync(Attempt(HandlerWorkload.Create("send-invoice", new Invoice(17)), "inv-1", 2), default)
            .WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        var seen = Assert.Single(handler.Contexts);
        Assert.Equal("inv-1", seen.TaskId.Value);
        Assert.Equal(2, seen.Attempt);
        Assert.Equal(17, seen.Input!.Value.GetProperty("Number").GetInt32());
        Assert.Contains(("TaskActors.Handlers.send-invoice", LogLevel.Information, "invoice 17"), loggers.Entries);
    }

    [Fact]
    public async Task A_handler_without_input_gets_null()
    {
        var handler = new DelegateHandler((_, _) => Task.CompletedTask);

        var result = await Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Null(Assert.Single(handler.Contexts).Input);
    }

    [Fact]
    public async Task A_handler_that_throws_fails_naming_the_exception_type_and_message()
    {
        var handler = new DelegateHandler((_, _) => throw new InvalidOperationException("the printer is on fire"));

        var result = await Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("InvalidOperationException: the printer is on fire", result.Error);
    }

    [Fact]
    public async Task A_handler_that_throws_after_an_await_fails_the_same_way()
    {
        var handler = new DelegateHandler(async (_, _) =>
        {
            await Task.Yield();
            throw new FormatException("bad row 3");
        });

        var result = await Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("FormatException: bad row 3", result.Error);
    }

    [Fact]
    public async Task A_cancellation_of_its_own_while_our_token_is_quiet_is_a_failure()
    {
        var handler = new DelegateHandler((_, _) => throw new TaskCanceledException("HTTP request timed out"));

        var result = await Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("TaskCanceledException: HTTP request timed out", result.Error);
    }

    [Fact]
    public async Task A_handler_that_honours_the_token_ends_Canceled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        using var cancel = new CancellationTokenSource();

        var run = Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), cancel.Token).WaitAsync(Patience);
        await started.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("canceled: handler 'work' stopped", result.Error);
    }

    [Fact]
    public async Task A_handler_that_returns_normally_after_cancellation_within_the_grace_period_ends_Canceled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new DelegateHandler(async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var cancel = new CancellationTokenSource();

        var run = Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), cancel.Token).WaitAsync(Patience);
        await started.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("canceled: handler 'work' returned after cancellation", result.Error);
    }

    [Fact]
    public async Task A_handler_that_ignores_the_token_is_abandoned_after_the_grace_period_and_its_failure_is_observed()
    {
        var time = new GraceClock();
        var loggers = new RecordingLoggerFactory();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var handler = new DelegateHandler((_, _) =>
        {
            // Blocks its thread without ever looking at the token.
            started.SetResult();
            release.Wait(Patience);
            throw new InvalidOperationException("woke up too late");
        });
        using var cancel = new CancellationTokenSource();
        var runner = Runner(handler, "stubborn", loggers, TimeSpan.FromSeconds(5), time);

        var run = runner.RunAsync(Attempt(HandlerWorkload.Create("stubborn")), cancel.Token);
        await started.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        await time.FirstTimerCreated.WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("abandoned: handler 'stubborn' did not stop within 5s of cancellation", result.Error);

        release.Set();
        await Eventually.Until(
            () => loggers.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("woke up too late", StringComparison.Ordinal)),
            "the abandoned handler's exception was observed and logged");
    }

    [Fact]
    public async Task A_real_short_grace_period_abandons_a_handler_too()
    {
        var handler = new DelegateHandler((_, _) => Task.Delay(Timeout.Infinite));
        using var cancel = new CancellationTokenSource();

        var run = Runner(handler, grace: TimeSpan.FromMilliseconds(50)).RunAsync(Attempt(HandlerWorkload.Create("work")), cancel.Token);
        await cancel.CancelAsync();
        var result = await run.WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Equal("abandoned: handler 'work' did not stop within 50ms of cancellation", result.Error);
    }

    [Fact]
    public async Task An_already_canceled_token_does_not_call_the_handler()
    {
        var handler = new DelegateHandler((_, _) => Task.CompletedTask);

        var result = await Runner(handler).RunAsync(Attempt(HandlerWorkload.Create("work")), new CancellationToken(canceled: true));

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Empty(handler.Contexts);
    }

    [Fact]
    public async Task An_unknown_handler_is_not_runnable_and_fails_if_run_anyway()
    {
        var registry = new HandlerRegistry([
            new HandlerRegistration("b", _ => new DelegateHandler((_, _) => Task.CompletedTask)),
            new HandlerRegistration("a", _ => new DelegateHandler((_, _) => Task.CompletedTask)),
        ]);
        var runner = new HandlerRunner(registry);
        var workload = HandlerWorkload.Create("nope");

        Assert.Equal("unknown handler 'nope'; registered: a, b", runner.CheckRunnable(workload));
        Assert.Null(runner.CheckRunnable(HandlerWorkload.Create("a")));
        var result = await runner.RunAsync(Attempt(workload), default);
        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("unknown handler 'nope'; registered: a, b", result.Error);
        Assert.Equal("unknown handler 'x'; registered: none", new HandlerRunner(HandlerRegistry.Empty).CheckRunnable(HandlerWorkload.Create("x")));
    }

    [Fact]
    public async Task A_handler_that_cannot_be_created_fails_the_attempt()
    {
        var registry = new HandlerRegistry([new HandlerRegistration("broken", _ => throw new InvalidOperationException("no database"))]);

        var result = await new HandlerRunner(registry).RunAsync(Attempt(HandlerWorkload.Create("broken")), default);

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("cannot create handler 'broken': InvalidOperationException: no database", result.Error);
    }

    [Fact]
    public void It_supports_only_handler_workloads_and_defaults_to_a_5_second_grace()
    {
        var runner = new HandlerRunner(HandlerRegistry.Empty);

        Assert.Equal("handler", runner.Name);
        Assert.Equal(TimeSpan.FromSeconds(5), runner.GracePeriod);
        Assert.True(runner.Supports(HandlerWorkload.Create("x")));
        Assert.False(runner.Supports(SubprocessWorkload.Command("true")));
        Assert.Equal("the handler runner does not run subprocess workloads", runner.CheckRunnable(SubprocessWorkload.Command("true")));
    }

    private sealed record Invoice(int Number);

    /// <summary>A <see cref="FakeTimeProvider"/> that tells when the runner armed its grace timer, so the test moves the clock only after.</summary>
    private sealed class GraceClock : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstTimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }

    private sealed class DelegateHandler(Func<HandlerContext, CancellationToken, Task> body) : ITaskHandler
    {
        public List<HandlerContext> Contexts { get; } = [];

        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            lock (Contexts)
            {
                Contexts.Add(context);
            }

            return body(context, cancellationToken);
        }
    }
}
