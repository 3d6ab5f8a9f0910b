using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Tasks;
using static TaskActors.Queries.QueryProtocol;

namespace TaskActors.Queries;

/// <summary>A change handed to watchers, with the task as it was before it (for filters: a task leaving the set).</summary>
internal readonly record struct Emission(TaskWatchEvent Change, TaskResource? Before);

/// <summary>
/// The index's data: one <see cref="IndexEntry"/> per task id and the listed tasks ordered by id (ordinal). Pure (no
/// Akka, no I/O): the index actor feeds it journal events and local <see cref="TaskChanged"/>s, and it says which
/// changes watchers get.
/// </summary>
/// <remarks>
/// Rules: a list shows, per task, the highest resourceVersion known from either source (the node's own changes are
/// therefore visible at once, before the journal feed delivers them); watchers get each resourceVersion exactly once
/// and in order (a local change that arrives ahead of a version written elsewhere waits until the journal supplies the
/// missing version); a <c>TaskDeleted</c> removes the task from the list and leaves a tombstone, so late journal events
/// of a deleted task never bring it back (ids are never reused).
/// </remarks>
internal sealed class IndexTable
{
    private readonly Dictionary<TaskId, IndexEntry> _entries = [];
    private readonly TaskListing _listed = new();

    /// <summary>How many tasks are listed.</summary>
    public int Count => _listed.Count;

    /// <summary>The listed tasks ordered by id (ordinal).</summary>
    public IEnumerable<TaskResource> OrderedById => _listed.OrderedById;

    /// <summary>The listed tasks, for list queries.</summary>
    public TaskListing Listing => _listed;

    /// <summary>Every entry, tombstones included.</summary>
    public IEnumerable<IndexEntry> Entries => _entries.Values;

    /// <summary>The entry of <paramref name="id"/>, if the index has seen the task.</summary>
    public IndexEntry? Find(TaskId id) => _entries.GetValueOrDefault(id);

    /// <summary>
    /// Folds journal event <paramref name="sequenceNr"/> of task <paramref name="id"/>. Returns the damage when the event
    /// cannot follow the task's journal (a sequence gap, or an event its state rejects): the task is then listed with its
    /// readable state flagged (<see cref="TaskResourceStatus.Damage"/>) and follows local changes only; else null.
    /// </summary>
    public TaskDamage? ApplyJournal(TaskId id, long sequenceNr, long ordering, ITaskEvent @event, List<Emission>? emitted)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var entry = GetOrAdd(id);
        if (entry.Broken && @event is TaskDeleted)
        {
            // A damaged task deleted by a client: its TaskDeleted follows the damage; nothing is left to list.
            Vanish(id);
            return null;
        }

        if (entry.Closed || entry.Broken || sequenceNr <= entry.JournalSequenceNr)
        {
            return null;
        }

        if (sequenceNr != entry.JournalSequenceNr + 1)
        {
            // Invariant 6: a task's events are numbered 1, 2, 3, ... with none missing. (The feed reads rows in global
            // ordering, which one SQLite writer commits in order, so a missing number is a missing row, not a late one.)
            return MarkDamaged(entry, entry.JournalSequenceNr + 1, $"sequence gap: event {entry.JournalSequenceNr + 1} is missing (the journal continues at {sequenceNr})");
        }

        TaskState next;
        try
        {
            next = entry.Journal.Apply(@event);
        }
        catch (Model.Common.ModelException e)
        {
            return MarkDamaged(entry, sequenceNr, $"{@event.GetType().Name} cannot follow the events before it: {e.Message}");
        }

        entry.Journal = next;
        entry.JournalSequenceNr = sequenceNr;
        entry.JournalOrdering = ordering;
        var task = next.Resource!;
        var version = task.Metadata.ResourceVersion;
        if (version > entry.Version)
        {
            SetResource(entry, task);
        }

        if (@event is TaskDeleted)
        {
            MarkDeleted(entry, version);
        }

        if (version == entry.EmittedVersion + 1)
        {
            Emit(entry, task, @event, emitted);
            DrainPending(entry, emitted);
        }

        ReleaseIfClosed(entry);
        return null;
    }

    /// <summary>
    /// True when journal event <paramref name="sequenceNr"/> of task <paramref name="id"/> does not follow what the entry
    /// has folded (the events in between were deleted by the retention before this index read them): the entry needs a
    /// base state (<see cref="SetBase"/>) from the task's snapshot first.
    /// </summary>
    public bool NeedsBase(TaskId id, long sequenceNr)
    {
        var entry = Find(id);
        return entry is null ? sequenceNr > 1 : !entry.Closed && !entry.Broken && sequenceNr > entry.JournalSequenceNr + 1;
    }

    /// <summary>
    /// Starts task <paramref name="id"/>'s journal fold from <paramref name="state"/>, its snapshot after event
    /// <paramref name="sequenceNr"/>, as if the events up to it had been folded (events at or below it are then skipped).
    /// Versions up to it are not handed to watchers: their events are gone.
    /// </summary>
    public void SetBase(TaskId id, long sequenceNr, TaskState state, List<Emission>? emitted)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entry = GetOrAdd(id);
        if (entry.Closed || entry.Broken || sequenceNr <= entry.JournalSequenceNr || state.Resource is not { } task)
        {
            return;
        }

        entry.Journal = state;
        entry.JournalSequenceNr = sequenceNr;
        var version = task.Metadata.ResourceVersion;
        if (version > entry.Version)
        {
            SetResource(entry, task);
        }

        if (state.IsDeleted)
        {
            MarkDeleted(entry, version);
        }

        if (version > entry.EmittedVersion)
        {
            entry.EmittedResource = task;
            entry.EmittedVersion = version;
            DrainPending(entry, emitted);
        }

        ReleaseIfClosed(entry);
    }

    /// <summary>Marks task <paramref name="id"/> damaged at <paramref name="sequenceNr"/> (an event that cannot be read); returns the damage, or null when it is already damaged or gone.</summary>
    public TaskDamage? MarkDamaged(TaskId id, long sequenceNr, string reason)
    {
        var entry = GetOrAdd(id);
        return entry.Closed || entry.Broken || sequenceNr <= entry.JournalSequenceNr ? null : MarkDamaged(entry, sequenceNr, reason);
    }

    private TaskDamage MarkDamaged(IndexEntry entry, long sequenceNr, string reason)
    {
        var damage = new TaskDamage(Persistence.PersistenceIds.Task(entry.Id), sequenceNr, reason);
        entry.Broken = true;
        entry.Damage = damage;
        if (entry.Resource is { } task)
        {
            SetResource(entry, task.WithDamage(damage));
        }

        return damage;
    }

    /// <summary>Applies a change published by a TaskActor of this node (read-your-writes).</summary>
    public void ApplyLocal(TaskChanged changed, List<Emission>? emitted)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var entry = GetOrAdd(changed.Task.Id);
        var version = changed.Task.Metadata.ResourceVersion;
        if (entry.Closed || version <= entry.EmittedVersion)
        {
            return;
        }

        if (version > entry.Version)
        {
            SetResource(entry, changed.Task);
        }

        if (changed.Event is TaskDeleted)
        {
            MarkDeleted(entry, version);
        }

        if (version == entry.EmittedVersion + 1)
        {
            Emit(entry, changed.Task, changed.Event, emitted);
            DrainPending(entry, emitted);
        }
        else
        {
            // A version in between was written elsewhere; hold this change until the journal supplies it.
            (entry.Pending ??= []).TryAdd(version, changed);
        }

        ReleaseIfClosed(entry);
    }

    /// <summary>
    /// Removes <paramref name="id"/> whose history was purged before the index read all of it: it is unlisted and closed
    /// (a tombstone, like a deletion) without a change for watchers.
    /// </summary>
    public void Vanish(TaskId id)
    {
        if (_entries.TryGetValue(id, out var entry) && !entry.Closed)
        {
            entry.Vanished = true;
            _listed.Remove(id);
            ReleaseIfClosed(entry);
        }
    }

    private IndexEntry GetOrAdd(TaskId id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            entry = new IndexEntry(id);
            _entries.Add(id, entry);
        }

        return entry;
    }

    private void SetResource(IndexEntry entry, TaskResource task)
    {
        if (entry.Damage is { } damage && task.Status.Damage is null)
        {
            task = task.WithDamage(damage);
        }

        entry.Resource = task;
        if (entry.Listed)
        {
            _listed.Set(task);
        }
    }

    private void MarkDeleted(IndexEntry entry, long version)
    {
        if (entry.DeletedAt == 0)
        {
            entry.DeletedAt = version;
            _listed.Remove(entry.Id);
        }
    }

    private static void Emit(IndexEntry entry, TaskResource task, ITaskEvent @event, List<Emission>? emitted)
    {
        emitted?.Add(new Emission(new TaskWatchEvent(task, @event), entry.EmittedResource));
        entry.EmittedResource = task;
        entry.EmittedVersion = task.Metadata.ResourceVersion;
    }

    private static void DrainPending(IndexEntry entry, List<Emission>? emitted)
    {
        var pending = entry.Pending;
        if (pending is null)
        {
            return;
        }

        while (pending.Count > 0 && pending.Keys[0] <= entry.EmittedVersion + 1)
        {
            var next = pending.Values[0];
            pending.RemoveAt(0);
            if (next.Task.Metadata.ResourceVersion == entry.EmittedVersion + 1)
            {
                Emit(entry, next.Task, next.Event, emitted);
            }
        }

        if (pending.Count == 0)
        {
            entry.Pending = null;
        }
    }

    private static void ReleaseIfClosed(IndexEntry entry)
    {
        if (entry.Closed)
        {
            // Keep only the tombstone (id, versions): late events of a deleted task are recognised and ignored.
            entry.Journal = TaskState.Empty;
            entry.Resource = null;
            entry.EmittedResource = null;
            entry.Pending = null;
        }
    }
}
