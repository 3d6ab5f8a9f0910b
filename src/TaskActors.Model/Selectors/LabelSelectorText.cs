using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Selectors;

/// <summary>
/// Reads a label selector written as text, the form Kubernetes' <c>labelSelector</c> query parameter and
/// <see cref="LabelSelector.ToString"/> use: requirements separated by commas, each one of <c>key=value</c>
/// (also <c>key==value</c>), <c>key!=value</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key</c> (exists) and
/// <c>!key</c> (does not exist). Used by the HTTP API and the dashboard's filter.
/// </summary>
public static class LabelSelectorText
{
    /// <summary>What the text may contain, for error messages.</summary>
    public const string Allowed = "comma-separated requirements: key=value, key!=value, key in (a,b), key notin (a,b), key, !key";

    /// <summary>
    /// Parses <paramref name="text"/> (null or blank = no selector); returns the selector, or null with
    /// <paramref name="error"/> (at <paramref name="path"/>) when the text is malformed. The selector's keys and values
    /// are then checked by <see cref="LabelSelector.Validate"/> like any other.
    /// </summary>
    public static LabelSelector? Parse(string? text, string path, out FieldError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var selector = LabelSelector.Everything;
        var labels = new List<(string, string)>();
        foreach (var term in SplitTerms(text))
        {
            var t = term.Trim();
            if (t.Length == 0)
            {
                error = new FieldError(path, $"'{text}' has an empty requirement", Allowed);
                return null;
            }

            if (ParseSet(t, " notin ", SelectorOperator.NotIn) is { } notIn)
            {
                selector = selector.With(notIn);
            }
            else if (ParseSet(t, " in ", SelectorOperator.In) is { } @in)
            {
                selector = selector.With(@in);
            }
            else if (t.Contains('(', StringComparison.Ordinal) || t.Contains(')', StringComparison.Ordinal))
            {
                error = new FieldError(path, $"'{t}' is not a requirement", Allowed);
                return null;
            }
            else if (t.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0)
            {
                selector = selector.With(SelectorRequirement.Of(t[..ne].Trim(), SelectorOperator.NotIn, t[(ne + 2)..].Trim()));
            }
            else if (t.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                var value = t[(eq + 1)..];
                labels.Add((t[..eq].Trim(), (value.StartsWith('=') ? value[1..] : value).Trim()));
            }
            else if (t.StartsWith('!'))
            {
                selector = selector.With(SelectorRequirement.Of(t[1..].Trim(), SelectorOperator.DoesNotExist));
            }
            else if (!t.Contains('=', StringComparison.Ordinal) && !t.Contains(' ', StringComparison.Ordinal))
            {
                selector = selector.With(SelectorRequirement.Of(t, SelectorOperator.Exists));
            }
            else
            {
                error = new FieldError(path, $"'{t}' is not a requirement", Allowed);
                return null;
            }
        }

        if (labels.GroupBy(p => p.Item1, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            error = new FieldError(path, $"'{text}' gives the label '{twice.Key}' twice", Allowed);
            return null;
        }

        return labels.Count == 0 ? selector : selector with { MatchLabels = Labels.From(labels.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal)) };
    }

    private static SelectorRequirement? ParseSet(string term, string keyword, SelectorOperator op)
    {
        var at = term.IndexOf(keyword, StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var set = term[(at + keyword.Length)..].Trim();
        if (!set.StartsWith('(') || !set.EndsWith(')'))
        {
            return null;
        }

        var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return SelectorRequirement.Of(term[..at].Trim(), op, values);
    }

    /// <summary>Splits at commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
