using TaskActors.Model.Common;

namespace TaskActors.Model.Policies;

/// <summary>
/// The delay before a retry. Default <c>{full, 1000, 30000, 2.0}</c>: 1 s, 2 s, 4 s, ... capped at 30 s,
/// each drawn with full jitter. Serialized as <c>{"jitter","firstMs","maxMs","factor"}</c>.
/// </summary>
/// <param name="Jitter">How the delay is randomised around its base.</param>
/// <param name="FirstMs">Base of the first retry; must be greater than zero.</param>
/// <param name="MaxMs">Cap of the base; must be at least <paramref name="FirstMs"/>.</param>
/// <param name="Factor">Growth per retry; finite and at least 1.</param>
public sealed record BackoffPolicy(JitterPolicy Jitter, long FirstMs, long MaxMs, double Factor)
{
    /// <summary>Full jitter, 1 s doubling up to 30 s.</summary>
    public static BackoffPolicy Default { get; } =
        new(PolicyDefaults.Jitter, PolicyDefaults.BackoffFirstMs, PolicyDefaults.BackoffMaxMs, PolicyDefaults.BackoffFactor);

    /// <summary>
    /// The base delay of the <paramref name="n"/>-th retry of a failure streak (n from 0):
    /// <c>min(firstMs * factor^n, maxMs)</c> in whole milliseconds (rounded down); an overflowing or
    /// non-finite product is capped at maxMs.
    /// </summary>
    public long BaseMs(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var raw = FirstMs * Math.Pow(Factor, n);
        return !double.IsFinite(raw) || raw < 0 || raw >= MaxMs ? MaxMs : Math.Min((long)Math.Floor(raw), MaxMs);
    }

    /// <summary>
    /// Draws the delay of the <paramref name="n"/>-th retry of a failure streak (n from 0), in milliseconds.
    /// </summary>
    /// <remarks>
    /// With <c>base = BaseMs(n)</c> and integer milliseconds throughout (bounds inclusive):
    /// <list type="bullet">
    /// <item><c>none</c>: base.</item>
    /// <item><c>full</c>: uniform in [0, base].</item>
    /// <item><c>equal</c>: base/2 + uniform in [0, base/2] (integer halves).</item>
    /// <item><c>decorrelated</c>: uniform in [firstMs, max(min(3*base, maxMs), firstMs)].</item>
    /// </list>
    /// The draw is pure given <paramref name="random"/>; the runtime persists the drawn delay so it is never redrawn.
    /// </remarks>
    public long Next(int n, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var baseMs = BaseMs(n);
        switch (Jitter)
        {
            case JitterPolicy.None:
                return baseMs;
            case JitterPolicy.Full:
                return UniformInclusive(random, 0, baseMs);
            case JitterPolicy.Equal:
                var half = baseMs / 2;
                return half + UniformInclusive(random, 0, half);
            case JitterPolicy.Decorrelated:
                var lower = Math.Min(FirstMs, MaxMs);
                var upper = Math.Max(ThreeTimesCapped(baseMs), lower);
                return lower >= upper ? lower : UniformInclusive(random, lower, upper);
            default:
                throw new ModelException($"unknown jitter policy {Jitter}");
        }
    }

    /// <summary>The smallest and largest delay <see cref="Next"/> can return for retry <paramref name="n"/>.</summary>
    public (long Min, long Max) Bounds(int n)
    {
        var baseMs = BaseMs(n);
        return Jitter switch
        {
            JitterPolicy.None => (baseMs, baseMs),
            JitterPolicy.Full => (0, baseMs),
            JitterPolicy.Equal => (baseMs / 2, baseMs / 2 * 2),
            JitterPolicy.Decorrelated => (Math.Min(FirstMs, MaxMs), Math.Max(ThreeTimesCapped(baseMs), Math.Min(FirstMs, MaxMs))),
            _ => throw new ModelException($"unknown jitter policy {Jitter}"),
        };
    }

    /// <summary>Checks the policy's rules, returning one error per broken rule with its path under <paramref name="path"/>.</summary>
    public IEnumerable<FieldError> Validate(string path = "spec.backoff")
    {
        if (!Enum.IsDefined(Jitter))
        {
            yield return new FieldError($"{path}.jitter", $"'{Jitter}' is not a jitter policy", "full, none, equal, decorrelated");
        }

        if (FirstMs <= 0)
        {
            yield return new FieldError($"{path}.firstMs", $"must be greater than zero, got {FirstMs}", "an integer number of milliseconds >= 1");
        }

        if (MaxMs < FirstMs)
        {
            yield return new FieldError($"{path}.maxMs", $"must be >= firstMs ({FirstMs}), got {MaxMs}", "an integer number of milliseconds >= firstMs");
        }
        else if (MaxMs > PolicyDefaults.MaxDurationMs)
        {
            yield return new FieldError($"{path}.maxMs", $"must be at most {PolicyDefaults.MaxDurationMs} (365 days), got {MaxMs}", $"firstMs to {PolicyDefaults.MaxDurationMs} milliseconds");
        }

        if (!double.IsFinite(Factor) || Factor < 1.0)
        {
            yield return new FieldError($"{path}.factor", $"must be finite and >= 1.0, got {Factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "a finite number >= 1.0");
        }
    }

    private long ThreeTimesCapped(long baseMs) => baseMs > MaxMs / 3 ? MaxMs : Math.Min(3 * baseMs, MaxMs);

    private static long UniformInclusive(Random random, long min, long max) =>
        max <= min ? min : max == long.MaxValue ? min + random.NextInt64(max - min) : random.NextInt64(min, max + 1);
}
