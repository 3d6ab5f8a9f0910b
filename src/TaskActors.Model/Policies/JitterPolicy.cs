namespace TaskActors.Model.Policies;

/// <summary>
/// How a backoff delay is randomised around its base <c>min(firstMs * factor^n, maxMs)</c>; see
/// <see cref="BackoffPolicy.Next"/> for the exact formulas. Serialized lowercase.
/// </summary>
public enum JitterPolicy
{
    /// <summary>Uniform in [0, base].</summary>
    Full,

    /// <summary>Exactly base.</summary>
    None,

    /// <summary>base/2 + uniform in [0, base/2].</summary>
    Equal,

    /// <summary>Uniform in [firstMs, min(3 * base, maxMs)].</summary>
    Decorrelated,
}
