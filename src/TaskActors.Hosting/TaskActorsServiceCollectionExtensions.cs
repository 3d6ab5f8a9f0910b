using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TaskActors.Client;

namespace TaskActors.Hosting;

/// <summary>Adds TaskActors to a host's services.</summary>
public static class TaskActorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds TaskActors and the actor system that runs it (Akka.Hosting <c>AddAkka</c>): the store (SQLite file at
    /// <c>&lt;content root&gt;/data/taskactors.db</c> by default) is prepared before the actor system starts, the
    /// runtime's actors start with it, and <see cref="ITaskClient"/> and <see cref="TaskActorsRuntime"/> are registered.
    /// Register handlers on the returned builder. Works in any Generic Host (worker service, ASP.NET Core).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddTaskActors(o => o.RunnerLabels["os"] = "linux")
    ///     .AddHandler&lt;SendInvoice&gt;("send-invoice");
    /// </code>
    /// </example>
    public static TaskActorsBuilder AddTaskActors(this IServiceCollection services, Action<TaskActorsOptions>? configure = null)
    {
        var builder = Register(services, configure, ownsAkka: true);
        services.AddAkka(builder.Options.ActorSystemName, (akka, provider) =>
        {
            akka.WithTaskActors(provider);
            foreach (var configureAkka in builder.AkkaConfigurations)
            {
                configureAkka(akka, provider);
            }
        });
        return builder;
    }

    /// <summary>
    /// Adds TaskActors' services (options, <see cref="ITaskClient"/>, <see cref="TaskActorsRuntime"/>, handlers) for a host
    /// that calls Akka.Hosting's <c>AddAkka</c> itself: call
    /// <see cref="TaskActorsAkkaBuilderExtensions.WithTaskActors"/> inside that <c>AddAkka</c>.
    /// <see cref="TaskActorsOptions.ActorSystemName"/> is not used then.
    /// </summary>
    public static TaskActorsBuilder AddTaskActorsServices(this IServiceCollection services, Action<TaskActorsOptions>? configure = null) =>
        Register(services, configure, ownsAkka: false);

    private static TaskActorsBuilder Register(IServiceCollection services, Action<TaskActorsOptions>? configure, bool ownsAkka)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TaskActorsOptions)))
        {
            throw new InvalidOperationException("TaskActors is already added to these services; call AddTaskActors once.");
        }

        var options = new TaskActorsOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClientTimeout, TimeSpan.Zero, "TaskActorsOptions.ClientTimeout");
        services.AddSingleton(options);
        services.AddSingleton<TaskActorsRuntime>();
        services.AddSingleton<ITaskClient, HostedTaskClient>();
        return new TaskActorsBuilder(services, options, ownsAkka);
    }
}
