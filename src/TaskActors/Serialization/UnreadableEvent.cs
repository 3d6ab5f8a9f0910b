namespace TaskActors.Serialization;

/// <summary>
/// What <see cref="TaskEventSerializer"/> hands to Akka.Persistence instead of throwing when a stored task event's payload
/// cannot be read (a corrupt row, a manifest this version does not know). The TaskActor's recovery and the read-side index
/// turn it into a <see cref="Model.Resources.TaskDamage"/> of that task alone, where an exception would fail the index's
/// whole journal scan and stop the TaskActor in a restart loop. Never written.
/// </summary>
/// <param name="Manifest">The stored manifest.</param>
/// <param name="Reason">Why the payload could not be read.</param>
internal sealed record UnreadableEvent(string Manifest, string Reason);
