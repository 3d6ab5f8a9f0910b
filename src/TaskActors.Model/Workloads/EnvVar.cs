using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>One environment variable of a workload, serialized as <c>{"key":"K","value":"V"}</c>.</summary>
/// <param name="Key">The variable name; non-empty, no <c>=</c> or NUL.</param>
/// <param name="Value">The value; no NUL.</param>
public sealed record EnvVar(string Key, string Value)
{
    /// <summary>
    /// Merges the task's and the runner's environment: later entries win within each list, and the runner's
    /// entries win over the task's (the runner owns its node).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Merge(IEnumerable<EnvVar> task, IEnumerable<EnvVar> runner)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in task.Concat(runner))
        {
            merged[variable.Key] = variable.Value;
        }

        return merged;
    }

    /// <summary>Checks every variable of <paramref name="env"/>, with paths <c>{path}[i].key</c>.</summary>
    public static IEnumerable<FieldError> Validate(ValueList<EnvVar> env, string path)
    {
        for (var i = 0; i < env.Count; i++)
        {
            var key = env[i].Key;
            if (string.IsNullOrEmpty(key) || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                yield return new FieldError($"{path}[{i}].key", $"'{key}' is not a valid environment variable name", "a non-empty name without '=' or NUL");
            }

            if (env[i].Value.Contains('\0', StringComparison.Ordinal))
            {
                yield return new FieldError($"{path}[{i}].value", "contains a NUL character", "any text without NUL");
            }
        }
    }
}
