using Microsoft.AspNetCore.Http;
using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Documents;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// The API's errors as RFC 9457 problem details (<c>application/problem+json</c>): a <c>type</c> URI per kind of problem,
/// the HTTP status that matches the client's typed result, and every field error with its path (and line/column when it
/// came from submitted text) under <c>errors</c>.
/// </summary>
internal static class Problems
{
    public const string TypePrefix = "urn:taskactors:problem:";

    public static IResult Invalid(string detail, IEnumerable<ProblemError> errors) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "invalid", "Invalid", detail, ("errors", errors.ToList()));

    public static IResult Invalid(IEnumerable<FieldError> errors) =>
        Invalid("the request broke rules; every error is listed with its path", errors.Select(ToProblemError));

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "bad-request", "Bad request", detail);

    public static IResult NotFound(string id) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", $"task '{id}' does not exist");

    public static IResult PreconditionFailed(string id, long expected, long actual) =>
        Problem(StatusCodes.Status412PreconditionFailed, "conflict", "Precondition failed",
            $"task '{id}' is at resourceVersion {actual}, not {expected} (If-Match); get it again and decide again", ("resourceVersion", actual));

    public static IResult AlreadyExists(Model.Resources.TaskResource task) =>
        Problem(StatusCodes.Status409Conflict, "already-exists", "Already exists",
            $"task '{task.Id}' exists already ({task.Phase.ToString().ToLowerInvariant()}); nothing changed", ("resourceVersion", task.Metadata.ResourceVersion));

    public static IResult Rejected(RejectionKind kind, string message) =>
        Problem(StatusOf(kind), "rejected", kind.ToString(), message, ("reason", kind.ToString()));

    public static IResult Problem413(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "Payload too large", $"the body is larger than {limit} bytes (TaskActorsApiOptions.MaxSubmitBytes)");

    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable", detail);

    public static IResult Damaged(string detail) => Problem(StatusCodes.Status500InternalServerError, "damaged", "Task history damaged", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", detail);

    /// <summary>The status a rejection answers with: 409 when the task's or slot's state refuses it, 429 when a queue is full, 422 when this node cannot run it, 503 when the node stops.</summary>
    public static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.QueueFull => StatusCodes.Status429TooManyRequests,
        RejectionKind.NoRunner or RejectionKind.UnknownHandler => StatusCodes.Status422UnprocessableEntity,
        RejectionKind.ShuttingDown => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    public static ProblemError ToProblemError(FieldError error) => new(error.Path, error.Problem, string.IsNullOrEmpty(error.Allowed) ? null : error.Allowed);

    public static ProblemError ToProblemError(DocumentError error) => new(error.Path, error.Message, null, error.Position?.Line, error.Position?.Column);

    private static IResult Problem(int status, string type, string title, string detail, params (string Key, object? Value)[] extensions) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + type,
            extensions: extensions.ToDictionary(e => e.Key, e => e.Value));
}
