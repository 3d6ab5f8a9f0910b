using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskActors.Runners;

namespace TaskActors.Hosting;

/// <summary>
/// Returned by <see cref="TaskActorsServiceCollectionExtensions.AddTaskActors(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{TaskActorsOptions}?)"/>: registers handlers (and their
/// dependencies go into <see cref="Services"/> as usual) and, optionally, more configuration of the hosted actor system.
/// </summary>
public sealed class TaskActorsBuilder
{
    private readonly List<Action<AkkaConfigurationBuilder, IServiceProvider>> _akka = [];
    private readonly bool _ownsAkka;

    internal TaskActorsBuilder(IServiceCollection services, TaskActorsOptions options, bool ownsAkka)
    {
        Services = services;
        Options = options;
        _ownsAkka = ownsAkka;
    }

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The options as configured by the <c>AddTaskActors</c> call.</summary>
    public TaskActorsOptions Options { get; }

    internal IReadOnlyList<Action<AkkaConfigurationBuilder, IServiceProvider>> AkkaConfigurations => _akka;

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as handler <paramref name="name"/> (tasks run it with
    /// <c>{"handler":{"name":"..."}}</c>). The class is registered in DI with <paramref name="lifetime"/> (transient by
    /// default; scoped = one instance per attempt, since every attempt gets its own scope) unless it already is, so its
    /// constructor takes any registered service. Each attempt gets a fresh scope, disposed when the attempt ends.
    /// </summary>
    public TaskActorsBuilder AddHandler<THandler>(string name, ServiceLifetime lifetime = ServiceLifetime.Transient)
        where THandler : class, ITaskHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (lifetime == ServiceLifetime.Singleton)
        {
            throw new ArgumentException("a handler runs once per attempt; register it transient or scoped", nameof(lifetime));
        }

        Services.TryAdd(new ServiceDescriptor(typeof(THandler), typeof(THandler), lifetime));
        Services.AddSingleton(HandlerRegistration.For<THandler>(name));
        return this;
    }

    /// <summary>Registers a handler made by <paramref name="factory"/> (called once per attempt, with the attempt's scoped provider).</summary>
    public TaskActorsBuilder AddHandler(string name, Func<IServiceProvider, ITaskHandler> factory)
    {
        Services.AddSingleton(new HandlerRegistration(name, factory));
        return this;
    }

    /// <summary>
    /// Adds more configuration to the actor system that <c>AddTaskActors</c> hosts (loggers, more actors, HOCON). It
    /// runs after TaskActors has added its HOCON (prepend to win over it). Not available with
    /// <see cref="TaskActorsServiceCollectionExtensions.AddTaskActorsServices"/>, where you own the <c>AddAkka</c> call.
    /// </summary>
    public TaskActorsBuilder ConfigureAkka(Action<AkkaConfigurationBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (!_ownsAkka)
        {
            throw new InvalidOperationException("TaskActors was added with AddTaskActorsServices: configure Akka in your own AddAkka call.");
        }

        _akka.Add(configure);
        return this;
    }
}
