namespace TaskActors.Runners;

/// <summary>
/// One named handler of the host: a type (created per attempt through the service provider, so it can take
/// constructor dependencies) or a factory. The host registers these (for example as DI singletons) and builds a
/// <see cref="HandlerRegistry"/> from them; the <see cref="HandlerRunner"/> creates a fresh handler for each attempt.
/// </summary>
public sealed record HandlerRegistration
{
    /// <summary>Registers <paramref name="handlerType"/>, which must implement <see cref="ITaskHandler"/>, as <paramref name="name"/>.</summary>
    public HandlerRegistration(string name, Type handlerType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handlerType);
        if (!typeof(ITaskHandler).IsAssignableFrom(handlerType) || handlerType.IsAbstract || handlerType.IsInterface)
        {
            throw new ArgumentException($"'{handlerType}' is not a concrete {nameof(ITaskHandler)} class", nameof(handlerType));
        }

        Name = name;
        HandlerType = handlerType;
    }

    /// <summary>Registers <paramref name="factory"/> as <paramref name="name"/>; it is called once per attempt.</summary>
    public HandlerRegistration(string name, Func<IServiceProvider, ITaskHandler> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        Name = name;
        Factory = factory;
    }

    /// <summary>The name tasks use in <c>{"handler":{"name":...}}</c>.</summary>
    public string Name { get; }

    /// <summary>The handler class, when registered by type.</summary>
    public Type? HandlerType { get; }

    /// <summary>The factory, when registered by factory.</summary>
    public Func<IServiceProvider, ITaskHandler>? Factory { get; }

    /// <summary>Registers <typeparamref name="THandler"/> as <paramref name="name"/>.</summary>
    public static HandlerRegistration For<THandler>(string name)
        where THandler : class, ITaskHandler => new(name, typeof(THandler));
}
