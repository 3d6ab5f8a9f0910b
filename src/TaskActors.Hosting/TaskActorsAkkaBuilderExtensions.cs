using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Model.Identity;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Runners;

namespace TaskActors.Hosting;

/// <summary>Runs TaskActors on an Akka.Hosting actor system.</summary>
public static class TaskActorsAkkaBuilderExtensions
{
    /// <summary>
    /// Adds TaskActors to the actor system being configured (call it inside <c>AddAkka(name, (builder, sp) =&gt; ...)</c>,
    /// after <see cref="TaskActorsServiceCollectionExtensions.AddTaskActorsServices"/>; <c>AddTaskActors</c> calls it for
    /// you). Right away, before the actor system exists, it prepares the store (creates the folder and file, WAL, the
    /// schema); it adds the TaskActors HOCON in front of the HOCON added so far and the store's connection options as a
    /// setup; once the system runs it starts the runtime's actors, registers <see cref="TaskRegionKey"/> and
    /// <see cref="TaskIndexKey"/> in the ActorRegistry and completes <see cref="TaskActorsRuntime.WhenStartedAsync"/>.
    /// A graceful host stop records running attempts as interrupted (the next start continues them by policy).
    /// </summary>
    public static AkkaConfigurationBuilder WithTaskActors(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetService<TaskActorsOptions>()
            ?? throw new InvalidOperationException("TaskActors' services are missing: call services.AddTaskActorsServices(...) (or AddTaskActors) first.");
        var runtime = services.GetRequiredService<TaskActorsRuntime>();
        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();

        Config config;
        SqliteStoreSettings settings;
        SqliteStoreHandle store;
        try
        {
            config = TaskActorsHostConfig.Build(options, contentRoot, out var storePath);
            settings = SqliteStoreSettings.Create(config);
            runtime.Configure(storePath, config);
            store = SqliteStoreInitializer.Initialize(settings);
        }
        catch (Exception e)
        {
            // The host's start fails with this exception; clients waiting for the runtime get it too.
            runtime.Failed(e);
            throw;
        }

        var dataOptions = TaskActorsPersistence.CreateSetup(config).Get<DataOptionsSetup>();
        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.AddSetup(dataOptions.Value);

        builder.WithActors((system, registry) =>
        {
            system.RegisterOnTermination(store.Dispose);
            try
            {
                var actual = SqliteStoreSettings.Create(system.Settings.Config);
                if (!string.Equals(actual.ConnectionString, settings.ConnectionString, StringComparison.Ordinal))
                {
                    throw new ConfigurationException(
                        "task-actors.sqlite.connection-string was overridden after WithTaskActors; set the store with TaskActorsOptions.StorePath instead.");
                }

                var runners = Runners(options, services, system.Settings.Config);
                var node = TaskActorsNode.StartOn(system, runners);
                registry.Register<TaskRegionKey>(node.Region);
                registry.Register<TaskIndexKey>(node.Index);
                runtime.Started(node);
                StartupLine.Log(services.GetService<ILoggerFactory>(), runtime.StorePath!, node, options, runners);
            }
            catch (Exception e)
            {
                runtime.Failed(e);
                throw;
            }
        });
        return builder;
    }

    /// <summary>
    /// The node's runners: any <see cref="ITaskRunner"/> registered in DI first, then the subprocess runner and the
    /// wasm runner (each unless disabled; the wasm runner's settings from <c>task-actors.wasm</c>) and the handler
    /// runner over the DI-registered <see cref="HandlerRegistration"/>s.
    /// </summary>
    private static RunnerSet Runners(TaskActorsOptions options, IServiceProvider services, Config config)
    {
        var labels = Labels.From(options.RunnerLabels);
        var problems = labels.Validate("runnerLabels").ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("TaskActorsOptions.RunnerLabels: " + string.Join("; ", problems));
        }

        var runners = new List<ITaskRunner>(services.GetServices<ITaskRunner>());
        if (options.EnableSubprocessRunner)
        {
            runners.Add(new SubprocessRunner(labels));
        }

        if (options.EnableWasmRunner)
        {
            runners.Add(new WasmRunner(WasmRunnerSettings.Create(config), labels));
        }

        var handlers = new HandlerRegistry(services.GetServices<HandlerRegistration>(), services);
        runners.Add(new HandlerRunner(handlers, services.GetService<ILoggerFactory>(), labels, options.HandlerGracePeriod));
        return new RunnerSet(runners);
    }
}
