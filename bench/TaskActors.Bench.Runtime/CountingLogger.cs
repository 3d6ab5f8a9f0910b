using Akka.Actor;
using Akka.Event;

namespace TaskActors.Bench.Runtime;

/// <summary>
/// The actor systems' only logger (<c>akka.loggers</c>): counts warnings and errors and prints the first few of
/// each distinct kind to stderr, so stdout carries only the report.
/// </summary>
public sealed class CountingLogger : ReceiveActor
{
    private static readonly HashSet<string> Seen = [];
    private static int s_warnings;
    private static int s_errors;

    public CountingLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Error>(e => Record(ref s_errors, "ERROR", e.LogSource, e.Message + (e.Cause is null ? string.Empty : " " + e.Cause.GetBaseException().Message)));
        Receive<Warning>(w => Record(ref s_warnings, "WARN", w.LogSource, w.Message));
        ReceiveAny(_ => { });
    }

    public static int Warnings => Volatile.Read(ref s_warnings);
    public static int Errors => Volatile.Read(ref s_errors);

    private static void Record(ref int counter, string level, string source, object? message)
    {
        Interlocked.Increment(ref counter);
        var text = message?.ToString() ?? string.Empty;
        // One sample per kind: the message with digits removed (ids, attempt numbers).
        var kind = level + new string(text.Where(c => !char.IsDigit(c)).Take(60).ToArray());
        lock (Seen)
        {
            if (Seen.Count >= 20 || !Seen.Add(kind))
                return;
        }

        Console.Error.WriteLine($"  [{level}] {source}: {(text.Length > 300 ? text[..300] : text)}");
    }
}
