using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.State;
using TaskActors.Tasks;

namespace TaskActors.Queries;

/// <summary>
/// What the index knows of one task, from its two sources: the journal (folded into <see cref="Journal"/>) and the
/// node's own <see cref="TaskChanged"/> stream (which runs ahead of the journal feed). Mutable; owned by one
/// <see cref="IndexTable"/>, which is owned by one actor.
/// </summary>
internal sealed class IndexEntry(TaskId id)
{
    /// <summary>The task id.</summary>
    public TaskId Id { get; } = id;

    /// <summary>The task's journal events folded so far (the journal's view; may trail <see cref="Resource"/>).</summary>
    public TaskState Journal { get; set; } = TaskState.Empty;

    /// <summary>The sequence number of the last journal event folded (duplicates at or below it are skipped).</summary>
    public long JournalSequenceNr { get; set; }

    /// <summary>The global journal ordering of the last journal event folded (0 = none yet).</summary>
    public long JournalOrdering { get; set; }

    /// <summary>The task at the highest resourceVersion known from either source; what a list shows.</summary>
    public TaskResource? Resource { get; set; }

    /// <summary>The resourceVersion of <see cref="Resource"/> (0 = not created yet).</summary>
    public long Version => Resource?.Metadata.ResourceVersion ?? 0;

    /// <summary>The task after the last change handed to watchers (the filter's "before" of the next change).</summary>
    public TaskResource? EmittedResource { get; set; }

    /// <summary>The resourceVersion of the last change handed to watchers: changes go out exactly once, in order.</summary>
    public long EmittedVersion { get; set; }

    /// <summary>Local changes that arrived ahead of a version still missing (written elsewhere); emitted once the gap is filled.</summary>
    public SortedList<long, TaskChanged>? Pending { get; set; }

    /// <summary>The resourceVersion of the task's <c>TaskDeleted</c> once known (0 = not deleted).</summary>
    public long DeletedAt { get; set; }

    /// <summary>True when the task's history was purged before the index read all of it (see <see cref="IndexTable.Vanish"/>).</summary>
    public bool Vanished { get; set; }

    /// <summary>True when the journal events could not be folded (logged once); the entry then follows local changes only.</summary>
    public bool Broken { get; set; }

    /// <summary>Why the journal could not be folded, when <see cref="Broken"/>; the listed resource carries it too.</summary>
    public TaskDamage? Damage { get; set; }

    /// <summary>True when nothing more will happen to this entry: deleted and the deletion handed to watchers, or vanished.</summary>
    public bool Closed => Vanished || (DeletedAt > 0 && EmittedVersion >= DeletedAt);

    /// <summary>True when the task is listed: created and not deleted.</summary>
    public bool Listed => Resource is not null && DeletedAt == 0 && !Vanished;
}
