using TaskActors.Model.Identity;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;

namespace TaskActors.Queries;

/// <summary>
/// The listed tasks, ordered by id (ordinal), with the same ids also kept per phase and per slot, so a list query walks
/// only the tasks that can match: a phase filter reads the phases' sets, a slot filter the slot's set. When a query's
/// filters are exactly what a set holds (only phases, only a slot, or nothing), the total is the sets' size and the
/// page is read from the continuation's position onwards: the cost does not grow with the number of tasks. Otherwise
/// the smallest candidate set is filtered with <see cref="TaskPaging.Page"/> (the model's semantics, unchanged).
/// </summary>
internal sealed class TaskListing
{
    private readonly Dictionary<TaskId, TaskResource> _tasks = [];
    private readonly SortedSet<TaskId> _all = [];
    private readonly Dictionary<TaskPhase, SortedSet<TaskId>> _byPhase = [];
    private readonly Dictionary<Slot, SortedSet<TaskId>> _bySlot = [];

    /// <summary>How many tasks are listed.</summary>
    public int Count => _tasks.Count;

    /// <summary>Every listed task, ordered by id.</summary>
    public IEnumerable<TaskResource> OrderedById => _all.Select(id => _tasks[id]);

    /// <summary>Lists <paramref name="task"/> (new) or replaces it (its phase set follows a phase change).</summary>
    public void Set(TaskResource task)
    {
        var id = task.Id;
        if (_tasks.TryGetValue(id, out var old))
        {
            if (old.Phase != task.Phase)
            {
                Bucket(_byPhase, old.Phase).Remove(id);
                Bucket(_byPhase, task.Phase).Add(id);
            }

            if (old.Spec.Slot != task.Spec.Slot)
            {
                Bucket(_bySlot, old.Spec.Slot).Remove(id);
                Bucket(_bySlot, task.Spec.Slot).Add(id);
            }
        }
        else
        {
            _all.Add(id);
            Bucket(_byPhase, task.Phase).Add(id);
            Bucket(_bySlot, task.Spec.Slot).Add(id);
        }

        _tasks[id] = task;
    }

    /// <summary>Unlists <paramref name="id"/>.</summary>
    public void Remove(TaskId id)
    {
        if (_tasks.Remove(id, out var old))
        {
            _all.Remove(id);
            Bucket(_byPhase, old.Phase).Remove(id);
            Bucket(_bySlot, old.Spec.Slot).Remove(id);
        }
    }

    /// <summary>One page of <paramref name="query"/> (already validated): items after its continuation, the total, the next token.</summary>
    public TaskPage<TaskResource> Page(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // A text filter is residual, like a selector: the candidates are walked and filtered by the model's Matches.
        var selector = query.Selector is { IsEmpty: false } s ? s : null;
        var residual = selector is not null || !string.IsNullOrEmpty(query.Text);
        IReadOnlyList<SortedSet<TaskId>> candidates;
        bool exact;
        if (query.Phases.Count > 0)
        {
            var phases = query.Phases.Distinct().Select(p => _byPhase.GetValueOrDefault(p)).OfType<SortedSet<TaskId>>().ToList();
            var slotSet = query.Slot is { } slot ? _bySlot.GetValueOrDefault(slot) ?? [] : null;
            if (slotSet is not null && slotSet.Count < phases.Sum(p => p.Count))
            {
                candidates = [slotSet];
            }
            else
            {
                candidates = phases;
            }

            exact = query.Slot is null && !residual;
        }
        else if (query.Slot is { } slot)
        {
            candidates = [_bySlot.GetValueOrDefault(slot) ?? []];
            exact = !residual;
        }
        else
        {
            candidates = [_all];
            exact = !residual;
        }

        if (!exact)
        {
            return TaskPaging.Page(Merge(candidates, after: null).Select(id => _tasks[id]), query, static task => task);
        }

        TaskId? after = query.Continuation is not null && ContinuationToken.TryDecode(query.Continuation, out var a) ? a : null;
        var limit = Math.Max(1, query.EffectiveLimit);
        var items = new List<TaskResource>(Math.Min(limit, 128));
        var more = false;
        foreach (var id in Merge(candidates, after))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(_tasks[id]);
        }

        return new TaskPage<TaskResource>(items, candidates.Sum(c => c.Count), more ? ContinuationToken.Encode(items[^1].Id) : null);
    }

    private static SortedSet<TaskId> Bucket<TKey>(Dictionary<TKey, SortedSet<TaskId>> buckets, TKey key)
        where TKey : notnull
    {
        if (!buckets.TryGetValue(key, out var set))
        {
            set = [];
            buckets.Add(key, set);
        }

        return set;
    }

    /// <summary>The ids of <paramref name="sets"/> (disjoint) in id order, starting after <paramref name="after"/>.</summary>
    private static IEnumerable<TaskId> Merge(IReadOnlyList<SortedSet<TaskId>> sets, TaskId? after)
    {
        if (sets.Count == 1)
        {
            return From(sets[0], after);
        }

        return MergeMany(sets.Select(set => From(set, after)).ToList());
    }

    private static IEnumerable<TaskId> From(SortedSet<TaskId> set, TaskId? after)
    {
        if (after is not { } lower)
        {
            return set;
        }

        if (set.Count == 0 || lower.CompareTo(set.Max) >= 0)
        {
            return [];
        }

        // The view starts at the first id >= lower in O(log n); the cursor itself is skipped.
        return set.GetViewBetween(lower, set.Max).SkipWhile(id => id.CompareTo(lower) <= 0);
    }

    private static IEnumerable<TaskId> MergeMany(List<IEnumerable<TaskId>> sources)
    {
        var cursors = new List<IEnumerator<TaskId>>(sources.Count);
        try
        {
            foreach (var source in sources)
            {
                var cursor = source.GetEnumerator();
                if (cursor.MoveNext())
                {
                    cursors.Add(cursor);
                }
                else
                {
                    cursor.Dispose();
                }
            }

            while (cursors.Count > 0)
            {
                var min = 0;
                for (var i = 1; i < cursors.Count; i++)
                {
                    if (cursors[i].Current.CompareTo(cursors[min].Current) < 0)
                    {
                        min = i;
                    }
                }

                yield return cursors[min].Current;
                if (!cursors[min].MoveNext())
                {
                    cursors[min].Dispose();
                    cursors.RemoveAt(min);
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }
}
