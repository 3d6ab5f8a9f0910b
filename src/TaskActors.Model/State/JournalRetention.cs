namespace TaskActors.Model.State;

/// <summary>
/// Which of a task's journal events may be deleted once a snapshot of its state is saved: the runtime's TaskActor asks
/// after each saved snapshot and deletes the events up to the answer, so the journal of a long-lived (periodic) task
/// stays bounded while the events of its last runs (the audit trail) stay exact.
/// </summary>
/// <remarks>
/// Rules, for a snapshot saved at sequence number S and <c>retainRuns</c> = N:
/// <list type="bullet">
/// <item>the events of the last N runs are kept: the bound is below the <see cref="Events.AttemptStarted"/> of the
/// N-th last run; with fewer than N runs (or when that run's start is not known, after a snapshot written before
/// starts were tracked) nothing is deleted;</item>
/// <item>the event at S itself is kept (bound ≤ S - 1): a task always keeps at least one live row, which is how
/// readers in other processes tell a retained task from a deleted one (a purge leaves none), and readers start at
/// the snapshot's own row;</item>
/// <item>a deleted task is left to the purge; a bound that did not advance past what was already deleted is no
/// deletion.</item>
/// </list>
/// So a task's journal holds at most the events since its last snapshot (and those written while that snapshot and
/// its deletion are in flight), plus the events of its last N runs, plus the one row the journal keeps (marked
/// deleted) to remember its highest sequence number.
/// </remarks>
public static class JournalRetention
{
    /// <summary>
    /// The sequence number up to which (inclusive) the journal events of the task in <paramref name="state"/> may be
    /// deleted after its snapshot at <paramref name="snapshotSequenceNr"/>, or null when nothing beyond
    /// <paramref name="deletedUpTo"/> (the bound of the last deletion, 0 for none) may be deleted.
    /// </summary>
    /// <param name="state">The task's state now (at or after the snapshot).</param>
    /// <param name="snapshotSequenceNr">The sequence number of the snapshot that was saved.</param>
    /// <param name="retainRuns">How many of the last runs keep their events (at least 1).</param>
    /// <param name="deletedUpTo">The bound of the last deletion (0 for none).</param>
    public static long? DeleteUpTo(TaskState state, long snapshotSequenceNr, int retainRuns, long deletedUpTo)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(retainRuns, 1);
        if (!state.Exists || state.IsDeleted || state.Runs.Count < retainRuns)
        {
            return null;
        }

        // RunStartVersions is aligned with the end of Runs; the N-th last run is the N-th last start version.
        var starts = state.RunStartVersions;
        var oldestKeptStart = starts.Count >= retainRuns ? starts[starts.Count - retainRuns] : 0;
        if (oldestKeptStart <= 0)
        {
            return null;
        }

        var bound = Math.Min(snapshotSequenceNr - 1, oldestKeptStart - 1);
        return bound > deletedUpTo ? bound : null;
    }
}
