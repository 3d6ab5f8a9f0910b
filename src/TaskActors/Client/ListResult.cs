using TaskActors.Model.Common;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;

namespace TaskActors.Client;

/// <summary>
/// The outcome of <see cref="ITaskClient.ListAsync"/>: one <see cref="Page"/> of tasks or <see cref="Invalid"/>
/// (the query broke rules). Served by the node's read-side index: changes made on this node are listed at once,
/// changes made by another process on the same store within about a second.
/// </summary>
public abstract record ListResult
{
    private ListResult()
    {
    }

    /// <summary>Calls the function for this case and returns its result.</summary>
    public TResult Match<TResult>(Func<Page, TResult> page, Func<Invalid, TResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(invalid);
        return this switch
        {
            Page p => page(p),
            Invalid i => invalid(i),
            _ => throw new InvalidOperationException($"unknown {nameof(ListResult)} {GetType().Name}"),
        };
    }

    /// <summary>
    /// One page: the matching tasks ordered by id (at most the query's limit), how many match in all, and the
    /// continuation token of the next page (null on the last page; pass it to <see cref="TaskQuery.WithContinuation"/>).
    /// </summary>
    public sealed record Page(IReadOnlyList<TaskResource> Items, int Total, string? Continuation) : ListResult;

    /// <summary>The query broke rules; every broken rule is listed with its path (<c>query.limit</c>, <c>query.selector</c>, ...).</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ListResult;
}
