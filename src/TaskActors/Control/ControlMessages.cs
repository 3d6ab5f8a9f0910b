namespace TaskActors.Control;

/// <summary>
/// A change asked of the node that owns a store: sent by <c>cancel</c>, <c>delete</c> and <c>rerun</c> to the control
/// socket of the owning process (<see cref="ControlServer"/>: a <c>taskactors run</c>/<c>serve</c>, or an app with
/// <c>AddTaskActors</c>), or carried out on a short-lived node when no process owns the store. One JSON line per request.
/// </summary>
/// <param name="Command"><c>cancel</c>, <c>delete</c> or <c>rerun</c>.</param>
/// <param name="Id">The task id.</param>
/// <param name="ExpectedResourceVersion">cancel: refuse with a conflict unless the task is at this version.</param>
/// <param name="Reason">cancel: the reason recorded in the task's journal.</param>
internal sealed record WriteRequest(string Command, string Id, long? ExpectedResourceVersion = null, string? Reason = null)
{
    public const string Cancel = "cancel";
    public const string Delete = "delete";
    public const string Rerun = "rerun";
}

/// <summary>What a <see cref="WriteRequest"/> came to: the exit code, a message for standard error and the task afterwards.</summary>
/// <param name="ExitCode">One of <see cref="ControlCodes"/> (the command's exit codes).</param>
/// <param name="Message">For standard error.</param>
/// <param name="TaskJson">The task after the change (TaskJson resource shape), when there is one.</param>
internal sealed record WriteOutcome(int ExitCode, string Message, string? TaskJson = null);
