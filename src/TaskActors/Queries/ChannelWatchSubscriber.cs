using System.Threading.Channels;
using Akka.Actor;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>
/// The subscriber behind <see cref="TaskIndexClient.WatchAsync"/>: writes each batch into a bounded channel (waiting while
/// the consumer is behind) and only then acknowledges it, so the watch's own buffer absorbs a slow consumer and
/// overflows explicitly. Completes the channel when the watch ends.
/// </summary>
internal sealed class ChannelWatchSubscriber : ReceiveActor
{
    public ChannelWatchSubscriber(ChannelWriter<TaskWatchEvent> writer)
    {
        ReceiveAsync<TaskWatchBatch>(async batch =>
        {
            // Captured before the first await: a write that has to wait for the consumer resumes off the actor's
            // context, where Self cannot be read (it threw, the ack was lost and the watch stalled for good once the
            // consumer fell 1,000 changes behind).
            var watch = Sender;
            var self = Self;
            try
            {
                foreach (var change in batch.Events)
                {
                    await writer.WriteAsync(change).ConfigureAwait(false);
                }

                watch.Tell(WatchAck.Instance, self);
            }
            catch (ChannelClosedException)
            {
                // the consumer stopped; the watch is ended by the client's Unwatch
            }
        });
        Receive<WatchOverflowed>(overflowed => writer.TryComplete(new TaskWatchException(overflowed.Reason, overflowed: true)));
        Receive<WatchEnded>(ended => writer.TryComplete(ended.Reason == "unwatched" ? null : new TaskWatchException(ended.Reason)));
    }
}
