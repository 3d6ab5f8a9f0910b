using TaskActors.Model.Events;
using TaskActors.Model.Resources;

namespace TaskActors.Tasks;

/// <summary>
/// Published on the actor system's event stream by a TaskActor after each event it persisted and applied: the
/// event and the task as it is after it. Watchers, the CLI's live view and tests subscribe to it.
/// </summary>
/// <param name="Task">The task after the event (its resourceVersion is the event's sequence number).</param>
/// <param name="Event">The event.</param>
public sealed record TaskChanged(TaskResource Task, ITaskEvent Event);
