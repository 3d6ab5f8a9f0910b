using TaskActors.Model.Identity;

namespace TaskActors.Model.Resources;

/// <summary>
/// Identity and version of a task resource. <see cref="ResourceVersion"/> is the task journal's sequence
/// number: 1 after creation, +1 for every persisted event, never reused.
/// </summary>
/// <param name="Id">The task id.</param>
/// <param name="ResourceVersion">The number of events applied to the task.</param>
/// <param name="CreatedAt">When the task was created (UTC).</param>
/// <param name="UpdatedAt">When its last event happened (UTC).</param>
public sealed record ObjectMeta(TaskId Id, long ResourceVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Returns the metadata after one more event at <paramref name="at"/>.</summary>
    public ObjectMeta Bumped(DateTimeOffset at) => this with { ResourceVersion = ResourceVersion + 1, UpdatedAt = at };
}
