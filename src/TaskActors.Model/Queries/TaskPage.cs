namespace TaskActors.Model.Queries;

/// <summary>One page of a list query: the items (ordered by id), how many match in all, and the token of the next page.</summary>
/// <typeparam name="T">The item type (usually the task resource).</typeparam>
/// <param name="Items">At most the query's limit of items.</param>
/// <param name="Total">How many items match the filters, across all pages.</param>
/// <param name="Continuation">Pass to <see cref="TaskQuery.WithContinuation"/> for the next page; null on the last page.</param>
public sealed record TaskPage<T>(IReadOnlyList<T> Items, int Total, string? Continuation);

/// <summary>Runs a <see cref="TaskQuery"/> over an in-memory, id-ordered collection (the read side's index uses it).</summary>
public static class TaskPaging
{
    /// <summary>
    /// Filters <paramref name="orderedById"/> with <paramref name="query"/> and returns the page after the query's
    /// continuation. <paramref name="orderedById"/> must be sorted by id, ordinal.
    /// </summary>
    public static TaskPage<T> Page<T>(IEnumerable<T> orderedById, TaskQuery query, Func<T, Resources.TaskResource> resource)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(resource);
        Identity.TaskId? after = query.Continuation is not null && ContinuationToken.TryDecode(query.Continuation, out var id) ? id : null;
        var limit = Math.Max(1, query.EffectiveLimit);
        var items = new List<T>(Math.Min(limit, 64));
        var total = 0;
        var more = false;
        foreach (var item in orderedById)
        {
            var task = resource(item);
            if (!query.Matches(task))
            {
                continue;
            }

            total++;
            if (after is { } a && task.Id.CompareTo(a) <= 0)
            {
                continue;
            }

            if (items.Count < limit)
            {
                items.Add(item);
            }
            else
            {
                more = true;
            }
        }

        var continuation = more ? ContinuationToken.Encode(resource(items[^1]).Id) : null;
        return new TaskPage<T>(items, total, continuation);
    }
}
