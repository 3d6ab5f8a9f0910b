namespace TaskActors.Model.Resources;

/// <summary>
/// Why a task's stored history cannot be read to its end: the first stored event that could not be used. A damaged task
/// shows the state its readable events give (when its <c>TaskCreated</c> was readable) with this in
/// <see cref="TaskResourceStatus.Damage"/>; it is settled (nothing of it runs again), refuses every change, and fails
/// alone: every other task of the store runs. Found by the TaskActor's recovery, by the read-side index and by the
/// store reader, never written to the journal (the damage is in the journal).
/// </summary>
/// <param name="PersistenceId">The task's persistence id (<c>task-{id}</c>).</param>
/// <param name="SequenceNr">The sequence number of the first event that could not be used.</param>
/// <param name="Reason">What was wrong with it: a payload that cannot be read, a sequence gap, or an event the task's state rejects.</param>
public sealed record TaskDamage(string PersistenceId, long SequenceNr, string Reason)
{
    /// <summary><c>task-x sequence number 3: reason</c>.</summary>
    public override string ToString() => $"{PersistenceId} sequence number {SequenceNr}: {Reason}";
}
