using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Selectors;

/// <summary>
/// One expression of a <see cref="LabelSelector"/>: <c>{"key":"os","operator":"In","values":["linux"]}</c>.
/// </summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">How the key is tested.</param>
/// <param name="Values">Non-empty for In/NotIn; empty for Exists/DoesNotExist.</param>
public sealed record SelectorRequirement(string Key, SelectorOperator Operator, ValueList<string> Values)
{
    /// <summary>Creates a requirement from values given inline.</summary>
    public static SelectorRequirement Of(string key, SelectorOperator op, params string[] values) =>
        new(key, op, ValueList<string>.From(values));

    /// <summary>True when <paramref name="labels"/> satisfy this requirement (Kubernetes semantics).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.In => present && Values.Contains(value!),
            SelectorOperator.NotIn => !present || !Values.Contains(value!),
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            _ => false,
        };
    }

    /// <summary>Checks the requirement, with paths under <paramref name="path"/>.</summary>
    public IEnumerable<FieldError> Validate(string path)
    {
        if (string.IsNullOrEmpty(Key))
        {
            yield return new FieldError($"{path}.key", "selector requirement key must not be empty", LabelRules.KeyAllowed);
        }
        else if (LabelRules.CheckKey(Key) is { } problem)
        {
            yield return new FieldError($"{path}.key", $"label key '{Key}' {problem}", LabelRules.KeyAllowed);
        }

        if (!Enum.IsDefined(Operator))
        {
            yield return new FieldError($"{path}.operator", $"'{Operator}' is not an operator", "In, NotIn, Exists, DoesNotExist");
        }
        else if (Operator is SelectorOperator.In or SelectorOperator.NotIn && Values.Count == 0)
        {
            yield return new FieldError($"{path}.values", $"selector requirement '{Key}' with operator {Operator} must have non-empty values", "one or more label values");
        }
        else if (Operator is SelectorOperator.Exists or SelectorOperator.DoesNotExist && Values.Count > 0)
        {
            yield return new FieldError($"{path}.values", $"selector requirement '{Key}' with operator {Operator} must have empty values", "no values (omit the field)");
        }
    }
}
