using Microsoft.Extensions.Logging;
using AkkaLevel = Akka.Event.LogLevel;

namespace TaskActors.Hosting;

/// <summary>
/// The Akka.NET log level that lets through exactly what the host's logging wants: Akka filters before its events reach
/// <c>ILogger</c>, so its level is set to the lowest level the host enables for the <c>Akka</c> and <c>TaskActors</c>
/// categories (appsettings <c>Logging:LogLevel</c>); the host's filters then decide per category as usual.
/// </summary>
internal static class AkkaLogLevel
{
    public static AkkaLevel LowestEnabled(ILoggerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var loggers = new[] { factory.CreateLogger("Akka"), factory.CreateLogger("TaskActors") };
        bool Enabled(LogLevel level) => loggers.Any(l => l.IsEnabled(level));
        return Enabled(LogLevel.Debug) ? AkkaLevel.DebugLevel
            : Enabled(LogLevel.Information) ? AkkaLevel.InfoLevel
            : Enabled(LogLevel.Warning) ? AkkaLevel.WarningLevel
            : AkkaLevel.ErrorLevel;
    }
}
