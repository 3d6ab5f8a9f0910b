using Microsoft.Extensions.DependencyInjection;

namespace TaskActors.Tests.Runners;

/// <summary>
/// A minimal container for the handler registry specs: singletons by type, and scopes that record their disposal.
/// </summary>
internal sealed class TinyServiceProvider(params object[] singletons) : IServiceProvider, IServiceScopeFactory
{
    private int _scopesDisposed;

    public int ScopesCreated { get; private set; }

    public int ScopesDisposed => Volatile.Read(ref _scopesDisposed);

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IServiceScopeFactory) ? this : singletons.FirstOrDefault(serviceType.IsInstanceOfType);

    public IServiceScope CreateScope()
    {
        ScopesCreated++;
        return new Scope(this);
    }

    private sealed class Scope(TinyServiceProvider owner) : IServiceScope
    {
        public IServiceProvider ServiceProvider => owner;

        public void Dispose() => Interlocked.Increment(ref owner._scopesDisposed);
    }
}
