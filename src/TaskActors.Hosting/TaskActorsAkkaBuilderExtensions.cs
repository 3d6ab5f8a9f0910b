using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskActors.Client;
using TaskActors.Control;
using TaskActors.Model.Identity;
using TaskActors.Node;
using TaskActors.Persistence;
using TaskActors.Persistence.Ownership;
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
    /// The host owns its SQLite store like the <c>taskactors</c> command's <c>run</c> does (one owner per store, keyed by
    /// the file's identity): a store owned by another process stops the start with <see cref="StoreOwnedException"/>
    /// naming the owner, and while the host runs it serves the store's control endpoint, so <c>taskactors cancel</c>,
    /// <c>delete</c> and <c>rerun</c> on its store go through this host's node. The store is given up when the actor
    /// system terminates (or the process dies).
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
        SqliteStoreSettings? settings = null;
        SqliteStoreHandle? store = null;
        StoreOwnership? ownership = null;
        try
        {
            // The same checks as ValidateOnStart, before any of them can trip over a bad value while building the config.
            var validation = new TaskActorsOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
            if (validation.Failed)
            {
                throw new Microsoft.Extensions.Options.OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(TaskActorsOptions), validation.Failures);
            }

            config = TaskActorsHostConfig.Build(options, contentRoot, out var storePath);
            runtime.Configure(storePath, config);
            if (options.PostgreSqlConnectionString is not null)
            {
                // A cluster's shared store: the cluster decides which node runs which task (no file lock, no control socket).
                Persistence.PostgreSql.PostgreSqlStoreInitializer.Initialize(Persistence.PostgreSql.PostgreSqlStoreSettings.Create(config));
            }
            else
            {
                settings = SqliteStoreSettings.Create(config);
                if (!settings.IsInMemory)
                {
                    // The same rule as the taskactors command: one owner per store, or a clear StoreOwnedException now.
                    ownership = StoreOwnership.Acquire(storePath, OwnerProgram());
                }

                store = SqliteStoreInitializer.Initialize(settings);
            }
        }
        catch (Exception e)
        {
            // The host's start fails with this exception; clients waiting for the runtime get it too.
            ownership?.Dispose();
            runtime.Failed(e);
            throw;
        }

        var dataOptions = TaskActorsPersistence.CreateSetup(config).Get<DataOptionsSetup>();
        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.AddSetup(dataOptions.Value);

        builder.WithActors((system, registry) =>
        {
            ControlServer? control = null;
            var released = 0;
            void Release()
            {
                if (Interlocked.Exchange(ref released, 1) != 0)
                {
                    return;
                }

                // The endpoint closes first, the store is given up last, once nothing writes to it any more.
                control?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                store?.Dispose();
                ownership?.Dispose();
            }

            // Given up in the last phase before the actor system terminates (the tasks were stopped and their last events
            // persisted in earlier phases), which the host's StopAsync waits for: a host started on the same store right
            // after StopAsync returned finds it free. Termination without coordinated shutdown releases it too.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "taskactors-release-store", () =>
            {
                Release();
                return Task.FromResult(Done.Instance);
            });
            system.RegisterOnTermination(Release);
            try
            {
                if (settings is not null && !string.Equals(SqliteStoreSettings.Create(system.Settings.Config).ConnectionString, settings.ConnectionString, StringComparison.Ordinal))
                {
                    throw new ConfigurationException(
                        "task-actors.sqlite.connection-string was overridden after WithTaskActors; set the store with TaskActorsOptions.StorePath instead.");
                }

                var runners = Runners(options, services, system.Settings.Config);
                var node = TaskActorsNode.StartOn(system, runners);
                registry.Register<TaskRegionKey>(node.Region);
                registry.Register<TaskIndexKey>(node.Index);
                if (ownership is not null)
                {
                    control = ControlServer.Start(ownership, new TaskClient(node, options.ClientTimeout));
                }

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

    /// <summary>What the owner record of the store says this process is: the entry assembly's name and <c>(AddTaskActors)</c>.</summary>
    private static string OwnerProgram() =>
        $"{System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "an application"} (AddTaskActors)";

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
