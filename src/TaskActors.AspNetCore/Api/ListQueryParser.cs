using System.Globalization;
using TaskActors.Model.Common;
using TaskActors.Model.Queries;
using TaskActors.Model.Resources;
using TaskActors.Model.Selectors;

namespace TaskActors.AspNetCore.Api;

/// <summary>
/// Turns the list parameters of <c>GET /v1/tasks</c> (<c>slot</c>, <c>phase</c>, <c>labelSelector</c>, <c>text</c>,
/// <c>limit</c>, <c>continue</c>) into a <see cref="TaskQuery"/>, with every problem as a field error named after the
/// parameter.
/// </summary>
internal static class ListQueryParser
{
    public static TaskQuery Parse(string? slot, string? phase, string? labelSelector, string? text, string? limit, string? continuation, List<FieldError> errors)
    {
        var query = TaskQuery.All.WithText(text).WithContinuation(string.IsNullOrEmpty(continuation) ? null : continuation);
        if (!string.IsNullOrEmpty(slot))
        {
            query = query.WithSlot(slot);
        }

        foreach (var name in (phase ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TaskPhaseExtensions.TryParse(name, out var p))
            {
                query = query.WithPhases(p);
            }
            else
            {
                errors.Add(new FieldError("phase", $"unknown phase '{name}'", TaskPhaseExtensions.AllowedNames + " (comma-separated)"));
            }
        }

        if (LabelSelectorText.Parse(labelSelector, "labelSelector", out var selectorError) is { } selector)
        {
            query = query.WithSelector(selector);
        }
        else if (selectorError is not null)
        {
            errors.Add(selectorError);
        }

        if (!string.IsNullOrEmpty(limit))
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                query = query.WithLimit(n);
            }
            else
            {
                errors.Add(new FieldError("limit", $"'{limit}' is not a whole number of at least 1", $"1 to {TaskQuery.MaxLimit}"));
            }
        }

        // The model's own rules (slot name, selector keys and values, text length, continue token), renamed to the parameters.
        errors.AddRange(query.Validate().Select(e => e with { Path = ParameterOf(e.Path) }));
        return query;
    }

    private static string ParameterOf(string path) => path switch
    {
        "query.continuation" => "continue",
        _ when path.StartsWith("query.selector", StringComparison.Ordinal) => "labelSelector" + path["query.selector".Length..],
        _ when path.StartsWith("query.", StringComparison.Ordinal) => path["query.".Length..],
        _ => path,
    };
}
