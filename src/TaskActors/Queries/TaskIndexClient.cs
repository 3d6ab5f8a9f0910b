using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>
/// Talks to a <see cref="TaskIndex"/> from outside an actor: list with Ask, watch as an <see cref="IAsyncEnumerable{T}"/>
/// (a channel fed by a small subscriber actor that acknowledges each batch once the consumer has room for it).
/// The typed client and the host build on these.
/// </summary>
internal static class TaskIndexClient
{
    /// <summary>The Ask timeout when none is given (it covers a rebuild in progress at node start).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Lists tasks: <see cref="TaskListed"/> or <see cref="QueryInvalid"/>.</summary>
    public static Task<IQueryReply> ListAsync(IActorRef index, TaskQuery query, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.Ask<IQueryReply>(new ListTasks(query), timeout ?? DefaultTimeout, cancellationToken);
    }

    /// <summary>
    /// Watches task <paramref name="id"/> and/or the tasks matching <paramref name="filter"/> (see
    /// <see cref="WatchTasks"/>), yielding each change in order per task until the consumer stops (which unwatches).
    /// The enumeration throws <see cref="TaskWatchException"/> if the query is invalid, the consumer fell behind by more
    /// than the watch buffer (<see cref="TaskWatchException.Overflowed"/>), or the watch ended otherwise.
    /// </summary>
    public static async IAsyncEnumerable<TaskWatchEvent> WatchAsync(
        IActorRefFactory actors,
        IActorRef index,
        TaskId? id = null,
        TaskQuery? filter = null,
        long? fromResourceVersion = null,
        TimeSpan? timeout = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(index);
        var channel = Channel.CreateBounded<TaskWatchEvent>(new BoundedChannelOptions(1000)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscriber = actors.ActorOf(Props.Create(() => new ChannelWatchSubscriber(channel.Writer)));
        try
        {
            var reply = await index.Ask<IQueryReply>(new WatchTasks(id, filter, fromResourceVersion, subscriber), timeout ?? DefaultTimeout, cancellationToken)
                .ConfigureAwait(false);
            if (reply is QueryInvalid invalid)
            {
                throw new TaskWatchException("the watch query is invalid: " + string.Join("; ", invalid.Errors), errors: invalid.Errors);
            }

            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            index.Tell(new Unwatch(subscriber));
            subscriber.Tell(PoisonPill.Instance);
        }
    }
}
