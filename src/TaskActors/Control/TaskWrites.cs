using TaskActors.Client;
using TaskActors.Model.Json;

namespace TaskActors.Control;

/// <summary>Carries out a <see cref="WriteRequest"/> on a node's client and says what came of it; the same code runs in the owning <c>run</c> and in a short-lived node.</summary>
internal static class TaskWrites
{
    public static async Task<WriteOutcome> ExecuteAsync(ITaskClient client, WriteRequest request, CancellationToken ct)
    {
        var id = request.Id;
        return request.Command switch
        {
            WriteRequest.Cancel => (await client.CancelAsync(id, request.ExpectedResourceVersion, request.Reason, ct).ConfigureAwait(false)).Match(
                accepted => new WriteOutcome(ControlCodes.Ok, $"task '{id}' canceled ({accepted.Task.Phase})", TaskJson.Serialize(accepted.Task, indented: true)),
                _ => NotFound(id),
                conflict => Conflicted(id, conflict.Message, conflict.Expected, conflict.Actual),
                rejected => new WriteOutcome(ControlCodes.Refused, $"task '{id}': rejected ({rejected.Kind}): {rejected.Message}"),
                invalid => Invalid(invalid.Errors)),
            WriteRequest.Delete => (await client.DeleteAsync(id, request.ExpectedResourceVersion, ct).ConfigureAwait(false)).Match(
                _ => new WriteOutcome(ControlCodes.Ok, $"task '{id}' deleted (its history is removed from the store)"),
                _ => NotFound(id),
                conflict => Conflicted(id, conflict.Message, conflict.Expected, conflict.Actual),
                invalid => Invalid(invalid.Errors)),
            WriteRequest.Rerun => (await client.RerunAsync(id, ct).ConfigureAwait(false)).Match(
                accepted => new WriteOutcome(ControlCodes.Ok, $"task '{id}' runs again ({accepted.Task.Phase})", TaskJson.Serialize(accepted.Task, indented: true)),
                _ => NotFound(id),
                rejected => new WriteOutcome(ControlCodes.Refused, $"task '{id}': rejected ({rejected.Kind}): {rejected.Message}"),
                invalid => Invalid(invalid.Errors)),
            _ => new WriteOutcome(ControlCodes.InvalidInput, $"unknown command '{request.Command}' (cancel, delete, rerun)"),
        };
    }

    private static WriteOutcome NotFound(string id) => new(ControlCodes.NotFound, $"task '{id}' not found");

    private static WriteOutcome Conflicted(string id, string message, long expected, long actual) =>
        new(ControlCodes.Refused, $"task '{id}': {message} (expected resourceVersion {expected}, it is {actual})");

    private static WriteOutcome Invalid(IEnumerable<Model.Common.FieldError> errors) =>
        new(ControlCodes.InvalidInput, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
}
