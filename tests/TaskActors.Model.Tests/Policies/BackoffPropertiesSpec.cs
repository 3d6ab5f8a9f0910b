using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TaskActors.Model.Policies;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Policies;

public sealed class BackoffPropertiesSpec
{
    private const long MaxFirstMs = 1_000_000_000;
    private const long MaxMaxMs = PolicyDefaults.MaxDurationMs;

    /// <summary>One generated case: a valid policy, a retry number and a seed.</summary>
    public sealed record Case(BackoffPolicy Policy, int N, int Seed);

    private static Gen<long> LongBetween(long min, long max) =>
        // Two int draws give the full range; Gen.Choose alone is limited to int.
        from high in Gen.Choose(0, (int)((max - min) / 1_000_000))
        from low in Gen.Choose(0, 999_999)
        select Math.Min(max, min + (high * 1_000_000L) + low);

    private static Gen<long> FirstMs =>
        Gen.Frequency(
            (1, Gen.Elements(1L, 2L, 3L, MaxFirstMs)),
            (4, Gen.Choose(1, 1000).Select(x => (long)x)),
            (4, LongBetween(1, MaxFirstMs)));

    private static Gen<long> MaxMsFrom(long firstMs) =>
        Gen.Frequency(
            (1, Gen.Constant(firstMs)),
            (1, Gen.Constant(MaxMaxMs)),
            (3, LongBetween(firstMs, Math.Min(MaxMaxMs, firstMs * 1000))),
            (3, LongBetween(firstMs, MaxMaxMs)));

    private static Gen<double> Factor =>
        Gen.Frequency(
            (1, Gen.Elements(1.0, 1.5, 2.0, 10.0)),
            (4, Gen.Choose(0, 9_000_000).Select(x => 1.0 + (x / 1_000_000.0))));

    private static Gen<BackoffPolicy> ValidPolicy =>
        from jitter in Gen.Elements(Enum.GetValues<JitterPolicy>())
        from first in FirstMs
        from max in MaxMsFrom(first)
        from factor in Factor
        select new BackoffPolicy(jitter, first, max, factor);

    private static Arbitrary<Case> Cases =>
        (from policy in ValidPolicy
         from n in Gen.Choose(0, 200)
         from seed in ArbMap.Default.GeneratorFor<int>()
         select new Case(policy, n, seed)).ToArbitrary();

    [ScaledProperty(Cases = 1000)]
    public Property Generated_policies_are_valid() =>
        Prop.ForAll(Cases, c => !c.Policy.Validate().Any());

    [ScaledProperty(Cases = 1000)]
    public Property Next_is_within_Bounds_for_any_valid_policy_retry_and_seed() =>
        Prop.ForAll(Cases, c =>
        {
            var (min, max) = c.Policy.Bounds(c.N);
            var delay = c.Policy.Next(c.N, new Random(c.Seed));
            return (min <= delay && delay <= max).Label($"delay {delay} not in [{min}, {max}]");
        });

    [ScaledProperty(Cases = 1000)]
    public Property Bounds_are_ordered_and_within_zero_and_maxMs() =>
        Prop.ForAll(Cases, c =>
        {
            var (min, max) = c.Policy.Bounds(c.N);
            return (0 <= min && min <= max && max <= c.Policy.MaxMs).Label($"bounds [{min}, {max}] vs maxMs {c.Policy.MaxMs}");
        });

    [ScaledProperty(Cases = 500)]
    public Property Next_is_deterministic_for_the_same_seed() =>
        Prop.ForAll(Cases, c => c.Policy.Next(c.N, new Random(c.Seed)) == c.Policy.Next(c.N, new Random(c.Seed)));

    [ScaledProperty(Cases = 500)]
    public Property The_base_grows_with_the_retry_number_between_firstMs_and_maxMs() =>
        Prop.ForAll(Cases, c =>
        {
            var current = c.Policy.BaseMs(c.N);
            var next = c.Policy.BaseMs(c.N + 1);
            return (c.Policy.FirstMs <= current && current <= next && next <= c.Policy.MaxMs)
                .Label($"base({c.N}) = {current}, base({c.N + 1}) = {next}");
        });

    [Fact]
    public void Next_is_within_Bounds_checked_with_an_explicit_QuickCheck_run()
    {
        Prop.ForAll(Cases, c =>
            {
                var (min, max) = c.Policy.Bounds(c.N);
                var delay = c.Policy.Next(c.N, new Random(c.Seed));
                return min <= delay && delay <= max;
            })
            .QuickCheckThrowOnFailure();
    }
}
