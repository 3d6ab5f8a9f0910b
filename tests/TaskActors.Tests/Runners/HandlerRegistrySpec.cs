using TaskActors.Model.Attempts;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

public sealed class HandlerRegistrySpec
{
    [Fact]
    public void It_knows_its_names_sorted_and_creates_a_new_handler_per_call()
    {
        var registry = new HandlerRegistry([HandlerRegistration.For<PlainHandler>("zeta"), HandlerRegistration.For<PlainHandler>("alpha")]);

        Assert.Equal(["alpha", "zeta"], registry.Names);
        Assert.True(registry.Contains("zeta"));
        Assert.False(registry.Contains("Zeta"));
        Assert.NotSame(registry.Create("alpha"), registry.Create("alpha"));
        Assert.Throws<KeyNotFoundException>(() => registry.Create("beta"));
    }

    [Fact]
    public void Two_registrations_with_one_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HandlerRegistry([HandlerRegistration.For<PlainHandler>("x"), HandlerRegistration.For<PlainHandler>("x")]));

        Assert.Contains("handler 'x' is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_type_must_be_a_concrete_handler()
    {
        Assert.Throws<ArgumentException>(() => new HandlerRegistration("x", typeof(string)));
        Assert.Throws<ArgumentException>(() => new HandlerRegistration("x", typeof(ITaskHandler)));
    }

    [Fact]
    public async Task With_a_provider_handlers_get_constructor_dependencies_and_a_scope_per_attempt_disposed_after_it()
    {
        var clock = new Clock("12:00");
        var services = new TinyServiceProvider(clock);
        var registry = new HandlerRegistry([HandlerRegistration.For<ClockHandler>("clock")], services);
        var runner = new HandlerRunner(registry);

        var first = await runner.RunAsync(Attempt(HandlerWorkload.Create("clock")), default).WaitAsync(Patience);
        var second = await runner.RunAsync(Attempt(HandlerWorkload.Create("clock"), attempt: 2), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, first.Kind);
        Assert.Equal(AttemptResultKind.Succeeded, second.Kind);
        Assert.Equal(["12:00 #1", "12:00 #2"], clock.Readings);
        Assert.Equal(2, services.ScopesCreated);
        Assert.Equal(2, services.ScopesDisposed);
        Assert.IsType<ClockHandler>(registry.Create("clock"));
    }

    [Fact]
    public async Task Without_a_provider_a_disposable_handler_the_registry_built_is_disposed_after_its_attempt()
    {
        DisposableHandler.Disposed = 0;
        var registry = new HandlerRegistry([HandlerRegistration.For<DisposableHandler>("d")]);

        var result = await new HandlerRunner(registry).RunAsync(Attempt(HandlerWorkload.Create("d")), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(1, DisposableHandler.Disposed);
    }

    [Fact]
    public void A_factory_gets_the_provider_or_an_empty_one()
    {
        IServiceProvider? seen = null;
        var registry = new HandlerRegistry([new HandlerRegistration("f", sp => { seen = sp; return new PlainHandler(); })]);

        registry.Create("f");

        Assert.NotNull(seen);
        Assert.Null(seen!.GetService(typeof(Clock)));
    }

    private sealed class PlainHandler : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record Clock(string Time)
    {
        public List<string> Readings { get; } = [];
    }

    private sealed class ClockHandler(Clock clock) : ITaskHandler
    {
        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
        {
            lock (clock.Readings)
            {
                clock.Readings.Add($"{clock.Time} #{context.Attempt}");
            }

            return Task.CompletedTask;
        }
    }

    private sealed class DisposableHandler : ITaskHandler, IDisposable
    {
        public static int Disposed;

        public Task HandleAsync(HandlerContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }
}
