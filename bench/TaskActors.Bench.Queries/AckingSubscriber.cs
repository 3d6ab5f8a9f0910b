using Akka.Actor;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Bench.Queries;

/// <summary>A watch subscriber that acknowledges every batch at once and counts the changes (for the publisher's pacing too).</summary>
public sealed class AckingSubscriber : ReceiveActor
{
    public AckingSubscriber(WatchCounter counter)
    {
        Receive<TaskWatchBatch>(batch =>
        {
            Sender.Tell(WatchAck.Instance);
            counter.Add(batch.Events.Count, batch.Events[^1].Task.Metadata.UpdatedAt);
        });
        Receive<WatchOverflowed>(o => counter.Fail("overflowed: " + o.Reason));
        Receive<WatchEnded>(e => counter.Fail("ended: " + e.Reason));
    }

    public static Props Props(WatchCounter counter) => Akka.Actor.Props.Create(() => new AckingSubscriber(counter));
}

/// <summary>Shared between the subscriber actor and the benchmark thread: delivered count, pacing permits, completion.</summary>
public sealed class WatchCounter(int target, int window)
{
    private long _delivered;

    public SemaphoreSlim Permits { get; } = new(window, int.MaxValue);

    public TaskCompletionSource<TimeSpan> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public System.Diagnostics.Stopwatch Clock { get; } = new();

    public long Delivered => Interlocked.Read(ref _delivered);

    public int Batches { get; private set; }

    public void Add(int count, DateTimeOffset _)
    {
        Batches++;
        Permits.Release(count);
        if (Interlocked.Add(ref _delivered, count) >= target)
        {
            Completed.TrySetResult(Clock.Elapsed);
        }
    }

    public void Fail(string why) => Completed.TrySetException(new InvalidOperationException(why));
}
