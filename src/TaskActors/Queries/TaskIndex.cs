using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using TaskActors.Model.Identity;
using TaskActors.Tasks;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>
/// The read side of a node: an in-memory index of every task in the store, answering <see cref="ListTasks"/> and serving
/// <see cref="WatchTasks"/>. A plain (non-persistent) actor, one per node, started by <see cref="TaskIndexStartup.Start"/>.
/// </summary>
/// <remarks>
/// <para>Sources. (1) At start it rebuilds from the store with one ordered scan of the journal
/// (<c>CurrentAllEvents</c> from the start), folding each <c>task-*</c> persistence id's events into a
/// <see cref="Model.State.TaskState"/>; other ids (the task region's, slots') are ignored and a <c>TaskDeleted</c>
/// removes the task. (2) It then follows the journal live (<c>AllEvents</c> from the offset the scan reached), so
/// changes written by other nodes or processes on the same store appear; deletions made elsewhere, whose rows are
/// purged before a feed can read them, are found by <see cref="PurgedTaskScan"/>. (3) It applies the node's own
/// <see cref="TaskChanged"/>s (subscribed on the event stream before the actor runs), which arrive before the
/// TaskActor's reply; per task the highest resourceVersion wins and journal events for versions already applied are
/// only folded. Watchers get every resourceVersion once, in order, whichever source brought it first.</para>
/// <para>Staleness bound: a list reflects every change made <b>on this node</b> immediately (a client that got a
/// TaskActor's reply and then lists sees the change: the TaskChanged is in the index's mailbox before the reply is
/// sent); a change made by <b>another process</b> on the same store is listed within <b>1 s</b>. The journal feed's
/// delay is at most <c>journal-sequence-retrieval.query-delay</c> (100 ms, for the store's highest ordering to be seen)
/// + <c>refresh-interval</c> (100 ms, the feed's poll) + the query and fold (milliseconds), i.e. about 250 ms; when
/// rows were deleted before the feed saw them (a task created and deleted in between) the sequence reader first waits
/// <c>query-delay × max-tries</c> (300 ms) to rule out a gap still being written; a deletion made elsewhere is seen
/// within <c>purge-scan-interval</c> (200 ms) + one query. <c>StalenessSpec</c> checks the 1 s bound; the measured
/// staleness is in the queries benchmark's results.</para>
/// <para>Until the rebuild has finished, <see cref="ListTasks"/>, <see cref="WatchTasks"/> and <see cref="Unwatch"/>
/// are stashed and answered right after it (so no caller ever sees a half-built list; a caller's Ask timeout must allow
/// for the rebuild: a few seconds per 100,000 tasks, see the queries benchmark). <see cref="GetIndexStatus"/> is
/// answered at once and says whether the rebuild has finished.</para>
/// <para>Streams only send messages to the actor (<c>Sink.ActorRefWithAck</c>, <c>PipeTo</c>); all state is touched on
/// the actor's thread.</para>
/// </remarks>
internal sealed partial class TaskIndex : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>The actor name under /user that <see cref="TaskIndexStartup.Start"/> uses.</summary>
    public const string DefaultName = "task-index";

    private const string TaskPersistenceIdPrefix = Persistence.PersistenceIds.TaskPrefix;

    private readonly QuerySettings _settings;
    private readonly IReadJournal _journal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IndexTable _table = new();
    private IMaterializer _materializer = null!;
    private bool _rebuilt;

    // The journal feed (TaskIndex.Feed.cs): the changes for watchers, where the feed is, and which feed is current.
    private readonly List<Emission> _emitted = [];
    private long _lastOffset;
    private long _eventsRead;
    private int _feedGeneration;
    private DateTime _rebuildStarted;

    // Deletions made by other processes (TaskIndex.Purges.cs).
    private PurgedTaskScan? _purgeScan;
    private long _purgeScannedUpTo;
    private bool _purgeScanning;

    // Watches (TaskIndex.Watch.cs): by subscriber, by task, and of everything.
    private readonly Dictionary<IActorRef, WatchRegistration> _watches = [];
    private readonly Dictionary<TaskId, List<WatchRegistration>> _watchesByTask = [];
    private readonly List<WatchRegistration> _watchesOfAll = [];
    private long _watchCounter;

    /// <summary>Created by <see cref="TaskIndexStartup.Start"/> (or a host) with the read journal to follow.</summary>
    public TaskIndex(IReadJournal journal, QuerySettings settings)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(settings);
        if (journal is not (IAllEventsQuery and ICurrentAllEventsQuery and IEventsByPersistenceIdQuery))
        {
            throw new ArgumentException(
                $"the read journal {journal.GetType().Name} must support AllEvents, CurrentAllEvents and EventsByPersistenceId",
                nameof(journal));
        }

        _journal = journal;
        _settings = settings;
        Receive<TaskChanged>(OnLocalChange);
        HandleFeed();
        HandlePurges();
        Receive<GetIndexStatus>(_ => Sender.Tell(new IndexStatus(_table.Count, _rebuilt, _lastOffset)));
        Receive<ListTasks>(OnList);
        HandleWatches();
    }

    /// <summary>Set by Akka.</summary>
    public IStash Stash { get; set; } = null!;

    /// <summary>Set by Akka.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of an index over <paramref name="journal"/>.</summary>
    public static Props Props(IReadJournal journal, QuerySettings settings) =>
        Akka.Actor.Props.Create(() => new TaskIndex(journal, settings));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TaskChanged));
        _materializer = Context.Materializer();
        _rebuildStarted = DateTime.UtcNow;
        StartFeed();
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self, typeof(TaskChanged));

    private void OnLocalChange(TaskChanged changed)
    {
        _table.ApplyLocal(changed, EmissionSink);
        Publish();
    }

    private void OnList(ListTasks list)
    {
        if (!_rebuilt)
        {
            Stash.Stash();
            return;
        }

        if (list.Query is not { } query)
        {
            Sender.Tell(new QueryInvalid([new Model.Common.FieldError("query", "is missing", "a TaskQuery (TaskQuery.All for everything)")]));
            return;
        }

        var errors = query.Validate();
        if (errors.Count > 0)
        {
            Sender.Tell(new QueryInvalid(errors));
            return;
        }

        Sender.Tell(new TaskListed(_table.Listing.Page(query)));
    }
}
