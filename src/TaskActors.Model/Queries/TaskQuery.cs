using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;

namespace TaskActors.Model.Queries;

/// <summary>
/// A list query over tasks: all filters ANDed (slot, any of the phases, label selector over task labels),
/// ordered by id (ordinal), at most <see cref="Limit"/> items per page, resuming after a continuation token.
/// Immutable; build with the <c>With*</c> methods.
/// </summary>
/// <param name="Slot">Only tasks of this slot; null = any.</param>
/// <param name="Phases">Only tasks in one of these phases; empty = any.</param>
/// <param name="Selector">Only tasks whose labels match; null = any.</param>
/// <param name="Limit">Page size: default 100; values above 1000 are capped at 1000.</param>
/// <param name="Continuation">The token of the previous page, or null for the first page.</param>
public sealed record TaskQuery(Slot? Slot, ValueList<TaskPhase> Phases, LabelSelector? Selector, int Limit, string? Continuation)
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The longest <see cref="Text"/> filter.</summary>
    public const int MaxTextLength = 256;

    /// <summary>All tasks, first page of 100.</summary>
    public static TaskQuery All { get; } = new(null, ValueList<TaskPhase>.Empty, null, DefaultLimit, null);

    /// <summary>Only tasks of <paramref name="slot"/>.</summary>
    public TaskQuery WithSlot(string? slot) => this with { Slot = slot is null ? null : new Slot(slot) };

    /// <summary>Adds phases to the OR-ed phase filter (duplicates ignored).</summary>
    public TaskQuery WithPhases(params TaskPhase[] phases) =>
        this with { Phases = ValueList<TaskPhase>.From(Phases.Concat(phases).Distinct().Order()) };

    /// <summary>Only active tasks (Pending, Running).</summary>
    public TaskQuery WithActive() => WithPhases(TaskPhase.Pending, TaskPhase.Running);

    /// <summary>Only terminal tasks.</summary>
    public TaskQuery WithTerminal() => WithPhases([.. TaskPhaseExtensions.All.Where(p => p.IsTerminal())]);

    /// <summary>
    /// Only tasks whose id contains this text (ordinal, ignoring case); null or empty = any. The dashboard's search box;
    /// a text filter walks the candidate tasks, so it costs time in proportion to them.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>Only tasks whose id contains <paramref name="text"/> (ignoring case); null or empty = no text filter.</summary>
    public TaskQuery WithText(string? text) => this with { Text = string.IsNullOrEmpty(text) ? null : text };

    /// <summary>Only tasks whose labels match <paramref name="selector"/>.</summary>
    public TaskQuery WithSelector(LabelSelector? selector) => this with { Selector = selector };

    /// <summary>Sets the page size, capped at <see cref="MaxLimit"/>.</summary>
    public TaskQuery WithLimit(int limit) => this with { Limit = Math.Min(limit, MaxLimit) };

    /// <summary>Resumes after the page that returned <paramref name="continuation"/>.</summary>
    public TaskQuery WithContinuation(string? continuation) => this with { Continuation = continuation };

    /// <summary>The page size actually used: at most <see cref="MaxLimit"/>.</summary>
    public int EffectiveLimit => Math.Min(Limit, MaxLimit);

    /// <summary>True when <paramref name="task"/> passes every filter (paging aside).</summary>
    public bool Matches(TaskResource task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (Slot is null || task.Spec.Slot == Slot.Value) &&
               (Phases.Count == 0 || Phases.Contains(task.Phase)) &&
               (Selector is null || Selector.Matches(task.Spec.Labels)) &&
               (string.IsNullOrEmpty(Text) || task.Id.Value.Contains(Text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Checks the query, with paths under <c>query</c>.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Slot is { } slot && slot.Validate("query.slot") is { } slotError)
        {
            errors.Add(slotError);
        }

        if (Limit < 1)
        {
            errors.Add(new FieldError("query.limit", $"must be at least 1, got {Limit}", $"1 to {MaxLimit} (larger values are capped at {MaxLimit})"));
        }

        if (Selector is not null)
        {
            errors.AddRange(Selector.Validate("query.selector"));
        }

        if (Text is { Length: > MaxTextLength })
        {
            errors.Add(new FieldError("query.text", $"is {Text.Length} characters long", $"at most {MaxTextLength} characters"));
        }

        if (Continuation is not null && !ContinuationToken.TryDecode(Continuation, out _))
        {
            errors.Add(new FieldError("query.continuation", "is not a token returned by a previous page", "the continuation of a previous page, or omit it"));
        }

        return errors;
    }
}
