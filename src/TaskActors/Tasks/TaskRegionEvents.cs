namespace TaskActors.Tasks;

/// <summary>Marker of what the task region persists (bound to <see cref="Serialization.RuntimeRecordSerializer"/>).</summary>
internal interface ITaskRegionEvent;

/// <summary>The task became active on this node: wake it at every start until it is settled.</summary>
/// <param name="Id">The task id.</param>
internal sealed record TaskActivated(string Id) : ITaskRegionEvent;

/// <summary>The task is settled (or gone): it needs no waking.</summary>
/// <param name="Id">The task id.</param>
internal sealed record TaskDeactivated(string Id) : ITaskRegionEvent;

/// <summary>Snapshot of the region: the ids of the active tasks.</summary>
/// <param name="ActiveIds">Active task ids, sorted.</param>
internal sealed record TaskRegionSnapshot(IReadOnlyList<string> ActiveIds) : ITaskRegionEvent;
