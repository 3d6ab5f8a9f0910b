using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace TaskActors.Bench.Journal;

/// <summary>Subscribed to the event stream: counts warnings and errors (locked database, breaker open, timeouts)
/// and keeps the first few distinct messages for the report.</summary>
public sealed class ProblemCounter : ReceiveActor
{
    public static readonly ConcurrentQueue<string> Samples = new();
    public static int Errors;
    public static int Warnings;

    public ProblemCounter()
    {
        Receive<Error>(e => Record(ref Errors, "ERROR " + e.Message + " " + e.Cause?.GetBaseException().Message));
        Receive<Warning>(w => Record(ref Warnings, "WARN " + w.Message));
    }


    private static void Record(ref int counter, string text)
    {
        Interlocked.Increment(ref counter);
        if (Samples.Count < 10)
            Samples.Enqueue(text.Length > 400 ? text[..400] : text);
    }
}

/// <summary>Attaches a <see cref="ProblemCounter"/> to a system's event stream.</summary>
public static class ProblemCounterExtensions
{
    public static void SubscribeProblemCounter(this ActorSystem system)
    {
        var counter = system.ActorOf(Props.Create<ProblemCounter>(), "problem-counter");
        system.EventStream.Subscribe(counter, typeof(Error));
        system.EventStream.Subscribe(counter, typeof(Warning));
    }
}
