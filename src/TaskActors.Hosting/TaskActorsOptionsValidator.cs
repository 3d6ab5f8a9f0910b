using Akka.Actor;
using Microsoft.Extensions.Options;
using TaskActors.Model.Identity;

namespace TaskActors.Hosting;

/// <summary>
/// Checks <see cref="TaskActorsOptions"/> when the host starts (<c>ValidateOnStart</c>): every broken rule is reported at
/// once, named by its appsettings path (<c>TaskActors:Runtime:SlotQueueCapacity</c>), with the value and what is allowed,
/// instead of the actor system failing later.
/// </summary>
internal sealed class TaskActorsOptionsValidator : IValidateOptions<TaskActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskActorsOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Errors(TaskActorsOptions options)
    {
        const string root = TaskActorsOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            yield return $"{root}:StorePath: is empty (allowed: a file path, relative to the content root)";
        }

        if (string.IsNullOrWhiteSpace(options.ActorSystemName) || !ActorPath.IsValidPathElement(options.ActorSystemName))
        {
            yield return $"{root}:ActorSystemName: '{options.ActorSystemName}' is not a valid actor system name (allowed: letters, digits, '-' and '_', not starting with '-' or '_')";
        }

        if (options.ClientTimeout <= TimeSpan.Zero)
        {
            yield return $"{root}:ClientTimeout: must be more than zero, got {options.ClientTimeout}";
        }

        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            yield return $"{root}:ShutdownGrace: must not be negative, got {options.ShutdownGrace}";
        }

        if (options.HandlerGracePeriod < TimeSpan.Zero)
        {
            yield return $"{root}:HandlerGracePeriod: must not be negative, got {options.HandlerGracePeriod}";
        }

        if (options.Cluster is { } cluster)
        {
            if (options.PostgreSqlConnectionString is null)
            {
                yield return $"{root}:Cluster: needs a shared store: set {root}:PostgreSqlConnectionString (UsePostgreSql) to the database every node of the cluster uses (a SQLite file is one process's store)";
            }

            if (string.IsNullOrWhiteSpace(cluster.Hostname))
            {
                yield return $"{root}:Cluster:Hostname: is empty (allowed: the host name or address the other nodes reach this node by)";
            }

            if (cluster.Port is < 0 or > 65535)
            {
                yield return $"{root}:Cluster:Port: {cluster.Port} is not a port (allowed: 0 to 65535; 0 = any free port)";
            }

            foreach (var seed in cluster.SeedNodes)
            {
                var colon = seed?.LastIndexOf(':') ?? -1;
                if (colon <= 0 || !int.TryParse(seed![(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    yield return $"{root}:Cluster:SeedNodes: '{seed}' is not host:port (allowed: e.g. 10.0.0.5:4053)";
                }
            }
        }
        else if (options.PostgreSqlConnectionString is not null)
        {
            yield return $"{root}:PostgreSqlConnectionString: a PostgreSQL store is shared by the nodes of one cluster: set {root}:Cluster too (UseCluster), with the same seed nodes on every node";
        }

        if (options.PostgreSqlConnectionString is { } connectionString)
        {
            string? problem = null;
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }

            if (problem is not null || string.IsNullOrWhiteSpace(connectionString))
            {
                yield return $"{root}:PostgreSqlConnectionString: not an Npgsql connection string ({problem ?? "empty"}; allowed: e.g. Host=db;Database=taskactors;Username=app)";
            }
        }

        foreach (var problem in Labels.From(options.RunnerLabels).Validate($"{root}:RunnerLabels"))
        {
            yield return problem.ToString();
        }

        var runtime = options.Runtime;
        if (runtime.SnapshotEvery is < 1)
        {
            yield return $"{root}:Runtime:SnapshotEvery: must be at least 1, got {runtime.SnapshotEvery}";
        }

        if (runtime.SlotQueueCapacity is < 1)
        {
            yield return $"{root}:Runtime:SlotQueueCapacity: must be at least 1, got {runtime.SlotQueueCapacity}";
        }

        if (runtime.WatchBufferSize is < 1)
        {
            yield return $"{root}:Runtime:WatchBufferSize: must be at least 1, got {runtime.WatchBufferSize}";
        }

        if (runtime.PassivateAfter is { } passivate && passivate <= TimeSpan.Zero)
        {
            yield return $"{root}:Runtime:PassivateAfter: must be more than zero, got {passivate}";
        }

        if (runtime.SlotPassivateAfter is { } slotPassivate && slotPassivate <= TimeSpan.Zero)
        {
            yield return $"{root}:Runtime:SlotPassivateAfter: must be more than zero, got {slotPassivate}";
        }

        if (runtime.RestartDelay < TimeSpan.Zero)
        {
            yield return $"{root}:Runtime:RestartDelay: must not be negative, got {runtime.RestartDelay}";
        }
    }
}

/// <summary>
/// The options factory of <see cref="TaskActorsOptions"/>: the one instance <c>AddTaskActors</c> built (bound from
/// configuration, then changed in code), checked by the registered validators, so <c>ValidateOnStart</c> checks exactly
/// what the runtime will use.
/// </summary>
internal sealed class TaskActorsOptionsFactory(TaskActorsOptions options, IEnumerable<IValidateOptions<TaskActorsOptions>> validators)
    : IOptionsFactory<TaskActorsOptions>
{
    public TaskActorsOptions Create(string name)
    {
        var failures = validators.Select(v => v.Validate(name, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(name, typeof(TaskActorsOptions), failures);
    }
}
