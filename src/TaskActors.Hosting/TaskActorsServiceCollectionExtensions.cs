using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    /// The host owns its store while it runs, by the same rule as the <c>taskactors</c> command: a store owned by another
    /// process (another app instance, a <c>taskactors run</c>) stops the start with
    /// <see cref="TaskActors.Persistence.StoreOwnedException"/> naming the owner, and the command's <c>cancel</c>,
    /// <c>delete</c> and <c>rerun</c> on this store go through this host (its control socket).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddTaskActors(o => o.RunnerLabels["os"] = "linux")
    ///     .AddHandler&lt;SendInvoice&gt;("send-invoice");
    /// </code>
    /// </example>
    public static TaskActorsBuilder AddTaskActors(this IServiceCollection services, Action<TaskActorsOptions>? configure = null) =>
        AddTaskActors(services, null, configure);

    /// <summary>
    /// Adds TaskActors like <see cref="AddTaskActors(IServiceCollection, Action{TaskActorsOptions}?)"/> with its options
    /// bound from <paramref name="configuration"/> (usually <c>builder.Configuration.GetSection("TaskActors")</c>: StorePath,
    /// Durability, NodeName, RunnerLabels, ShutdownGrace, ClientTimeout, Runtime:SnapshotEvery, Runtime:SlotQueueCapacity,
    /// ...), then changed by <paramref name="configure"/> (code wins). Every rule is checked when the host starts
    /// (<c>ValidateOnStart</c>): a bad value stops the start with its appsettings path and what is allowed.
    /// </summary>
    /// <example>
    /// <code>
    /// // appsettings.json: { "TaskActors": { "StorePath": "/var/lib/app/tasks.db", "Runtime": { "SlotQueueCapacity": 500 } } }
    /// builder.Services.AddTaskActors(builder.Configuration.GetSection("TaskActors"));
    /// </code>
    /// </example>
    public static TaskActorsBuilder AddTaskActors(this IServiceCollection services, IConfiguration? configuration, Action<TaskActorsOptions>? configure = null)
    {
        var builder = Register(services, configuration, configure, ownsAkka: true);
        services.AddAkka(builder.Options.ActorSystemName, (akka, provider) =>
        {
            if (builder.Options.RouteAkkaLogging && provider.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = AkkaLogLevel.LowestEnabled(loggerFactory);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory(loggerFactory);
                });
            }

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
        Register(services, null, configure, ownsAkka: false);

    private static TaskActorsBuilder Register(IServiceCollection services, IConfiguration? configuration, Action<TaskActorsOptions>? configure, bool ownsAkka)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TaskActorsOptions)))
        {
            throw new InvalidOperationException("TaskActors is already added to these services; call AddTaskActors once.");
        }

        var options = new TaskActorsOptions();
        configuration?.Bind(options);
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClientTimeout, TimeSpan.Zero, "TaskActorsOptions.ClientTimeout");
        services.AddSingleton(options);
        services.AddSingleton<IValidateOptions<TaskActorsOptions>, TaskActorsOptionsValidator>();
        services.AddSingleton<IOptionsFactory<TaskActorsOptions>>(provider =>
            new TaskActorsOptionsFactory(options, provider.GetServices<IValidateOptions<TaskActorsOptions>>()));
        services.AddOptions<TaskActorsOptions>().ValidateOnStart();
        services.AddSingleton<TaskActorsRuntime>();
        services.AddSingleton<ITaskClient, HostedTaskClient>();
        return new TaskActorsBuilder(services, options, ownsAkka);
    }
}
