using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Selectors;

/// <summary>
/// A Kubernetes-style label selector: <c>{"matchLabels":{"os":"linux"},"matchExpressions":[...]}</c>. Used as a
/// task's runner selector (against runner labels) and as a list filter (against task labels).
/// </summary>
/// <remarks>All terms are ANDed; NotIn also matches a missing key; an empty selector matches everything.</remarks>
/// <param name="MatchLabels">Labels that must be present with exactly these values.</param>
/// <param name="MatchExpressions">Expressions that must all hold.</param>
public sealed record LabelSelector(Labels MatchLabels, ValueList<SelectorRequirement> MatchExpressions)
{
    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new(Labels.Empty, ValueList<SelectorRequirement>.Empty);

    /// <summary>A selector of <c>matchLabels</c> only.</summary>
    public static LabelSelector ForLabels(params (string Key, string Value)[] labels) =>
        new(Labels.Of(labels), ValueList<SelectorRequirement>.Empty);

    /// <summary>True when the selector has no terms.</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>Returns a selector with <paramref name="requirement"/> added.</summary>
    public LabelSelector With(SelectorRequirement requirement) => this with { MatchExpressions = MatchExpressions.Add(requirement) };

    /// <summary>True when <paramref name="labels"/> satisfy every term.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks every term, with paths under <paramref name="path"/>.</summary>
    public IEnumerable<FieldError> Validate(string path)
    {
        foreach (var error in MatchLabels.Validate($"{path}.matchLabels"))
        {
            yield return error;
        }

        for (var i = 0; i < MatchExpressions.Count; i++)
        {
            foreach (var error in MatchExpressions[i].Validate($"{path}.matchExpressions[{i}]"))
            {
                yield return error;
            }
        }
    }

    /// <summary>Renders the selector in the <c>key=value,key in (a,b)</c> style.</summary>
    public override string ToString()
    {
        var terms = MatchLabels.Select(p => $"{p.Key}={p.Value}")
            .Concat(MatchExpressions.Select(r => r.Operator switch
            {
                SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values)})",
                SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
                SelectorOperator.Exists => r.Key,
                _ => "!" + r.Key,
            }));
        return string.Join(",", terms);
    }
}
