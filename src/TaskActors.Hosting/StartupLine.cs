using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TaskActors.Node;
using TaskActors.Runners;

namespace TaskActors.Hosting;

/// <summary>
/// The one line a host logs when TaskActors is up: where the store is (the full path: a relative path lands under the
/// content root, which a service manager may set to <c>/</c>), the node name, the runner labels, the handlers and the
/// versions, so a log tells at once what is running where.
/// </summary>
internal static partial class StartupLine
{
    public static void Log(ILoggerFactory? factory, string storePath, TaskActorsNode node, TaskActorsOptions options, RunnerSet runners)
    {
        if (factory is null)
        {
            return;
        }

        var handlers = runners.OfType<HandlerRunner>().SelectMany(r => r.Registry.Names).ToList();
        Started(
            factory.CreateLogger("TaskActors.Hosting"),
            storePath,
            node.Settings.NodeName,
            options.RunnerLabels.Count == 0 ? "none" : string.Join(",", options.RunnerLabels.Select(p => $"{p.Key}={p.Value}")),
            handlers.Count == 0 ? "none" : string.Join(",", handlers),
            options.EnableSubprocessRunner ? "on" : "off",
            Version(typeof(TaskActorsNode).Assembly),
            Version(typeof(Akka.Actor.ActorSystem).Assembly),
            RuntimeInformation.FrameworkDescription);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "TaskActors started: store {StorePath}, node {Node}, runner labels {RunnerLabels}, handlers {Handlers}, subprocesses {Subprocesses}, TaskActors {Version}, Akka.NET {AkkaVersion}, {Runtime}")]
    private static partial void Started(ILogger logger, string storePath, string node, string runnerLabels, string handlers, string subprocesses,
        string version, string akkaVersion, string runtime);

    private static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
}
