using Microsoft.Extensions.DependencyInjection;

namespace TaskActors.Runners;

/// <summary>
/// The handlers of this host by name. The <see cref="HandlerRunner"/> asks it whether a name is known (at submit,
/// through <see cref="ITaskRunner.CheckRunnable"/>) and for a new handler instance per attempt (<see cref="Create"/>).
/// </summary>
/// <remarks>
/// DI friendly: register <see cref="HandlerRegistration"/>s as services and build the registry with
/// <c>new HandlerRegistry(sp.GetServices&lt;HandlerRegistration&gt;(), sp)</c>. A type registration is resolved
/// from the provider when the type is registered there, else constructed with
/// <see cref="ActivatorUtilities"/> (constructor arguments from the provider); without a provider it needs a
/// public parameterless constructor. The runner creates each attempt's handler in its own DI scope
/// (when the provider has an <see cref="IServiceScopeFactory"/>) and disposes that scope when the handler is done,
/// so scoped and disposable dependencies live exactly as long as the attempt.
/// </remarks>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, HandlerRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly IServiceProvider? _services;

    /// <summary>Creates the registry; throws <see cref="ArgumentException"/> if two registrations share a name.</summary>
    /// <param name="registrations">The handlers.</param>
    /// <param name="services">Where handlers get their dependencies; null = no container.</param>
    public HandlerRegistry(IEnumerable<HandlerRegistration> registrations, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            if (!_registrations.TryAdd(registration.Name, registration))
            {
                throw new ArgumentException($"handler '{registration.Name}' is registered twice", nameof(registrations));
            }
        }

        _services = services;
        Names = [.. _registrations.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>A registry without handlers.</summary>
    public static HandlerRegistry Empty { get; } = new([]);

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _registrations.ContainsKey(name);

    /// <summary>
    /// Creates a new instance of handler <paramref name="name"/>. Throws <see cref="KeyNotFoundException"/> for an
    /// unknown name, and whatever the constructor or factory throws.
    /// </summary>
    /// <remarks>The caller owns the instance (and, with a container, resolves from the root provider).</remarks>
    public ITaskHandler Create(string name) => CreateCore(name, _services, out _);

    /// <summary>
    /// Creates handler <paramref name="name"/> for one attempt, in a DI scope of its own when the provider has
    /// scopes. Dispose the returned lease when the handler has finished: it disposes the scope, or the handler
    /// itself when the registry constructed it without a container. Throws like <see cref="Create(string)"/>.
    /// </summary>
    internal HandlerLease Lease(string name)
    {
        var scope = _services?.GetService<IServiceScopeFactory>()?.CreateScope();
        try
        {
            var handler = CreateCore(name, scope?.ServiceProvider ?? _services, out var constructedHere);
            return new HandlerLease(handler, scope, constructedHere);
        }
        catch
        {
            scope?.Dispose();
            throw;
        }
    }

    private ITaskHandler CreateCore(string name, IServiceProvider? services, out bool constructedHere)
    {
        if (!_registrations.TryGetValue(name, out var registration))
        {
            throw new KeyNotFoundException($"unknown handler '{name}'");
        }

        constructedHere = false;
        if (registration.Factory is { } factory)
        {
            return factory(services ?? NoServices.Instance)
                ?? throw new InvalidOperationException($"the factory of handler '{name}' returned null");
        }

        var type = registration.HandlerType!;
        object? instance;
        if (services is null)
        {
            instance = Activator.CreateInstance(type);
            constructedHere = true;
        }
        else
        {
            instance = services.GetService(type);
            if (instance is null)
            {
                instance = ActivatorUtilities.CreateInstance(services, type);
                constructedHere = true;
            }
        }

        return (ITaskHandler)instance!;
    }

    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>A handler created for one attempt and what to dispose when it has finished.</summary>
/// <param name="Handler">The handler.</param>
/// <param name="Scope">The attempt's DI scope, if any (it disposes what it resolved).</param>
/// <param name="OwnsHandler">True when the registry constructed the handler itself, so the lease disposes it.</param>
internal sealed record HandlerLease(ITaskHandler Handler, IServiceScope? Scope, bool OwnsHandler) : IAsyncDisposable
{
    /// <summary>Disposes the handler (if owned), then the scope.</summary>
    public async ValueTask DisposeAsync()
    {
        if (OwnsHandler)
        {
            if (Handler is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (Handler is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        if (Scope is IAsyncDisposable asyncScope)
        {
            await asyncScope.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            Scope?.Dispose();
        }
    }
}
