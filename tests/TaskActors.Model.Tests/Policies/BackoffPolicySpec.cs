using TaskActors.Model.Policies;

namespace TaskActors.Model.Tests.Policies;

public sealed class BackoffPolicySpec
{
    private static readonly BackoffPolicy Hundred = new(JitterPolicy.None, 100, 10_000, 2.0);

    public static TheoryData<JitterPolicy> AllJitters => new(Enum.GetValues<JitterPolicy>());

    // ---- Validate ----

    [Fact]
    public void The_default_policy_is_valid()
    {
        Assert.Empty(BackoffPolicy.Default.Validate());
    }

    [Fact]
    public void Max_equal_to_first_and_factor_one_are_valid()
    {
        Assert.Empty(new BackoffPolicy(JitterPolicy.Full, 500, 500, 1.0).Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Backoff_with_first_not_above_zero_is_rejected_naming_firstMs(long firstMs)
    {
        var error = Assert.Single(new BackoffPolicy(JitterPolicy.Full, firstMs, 1000, 2.0).Validate());

        Assert.Equal("spec.backoff.firstMs", error.Path);
        Assert.Equal($"must be greater than zero, got {firstMs}", error.Problem);
        Assert.Equal("an integer number of milliseconds >= 1", error.Allowed);
    }

    [Fact]
    public void Backoff_with_max_below_first_is_rejected_naming_maxMs()
    {
        var error = Assert.Single(new BackoffPolicy(JitterPolicy.Full, 1000, 999, 2.0).Validate());

        Assert.Equal("spec.backoff.maxMs", error.Path);
        Assert.Equal("must be >= firstMs (1000), got 999", error.Problem);
        Assert.Equal("an integer number of milliseconds >= firstMs", error.Allowed);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(0.999, "0.999")]
    [InlineData(0.0, "0")]
    [InlineData(-2.0, "-2")]
    public void Backoff_with_a_factor_not_finite_or_below_one_is_rejected_naming_factor(double factor, string shown)
    {
        var error = Assert.Single(new BackoffPolicy(JitterPolicy.Full, 1000, 30_000, factor).Validate());

        Assert.Equal("spec.backoff.factor", error.Path);
        Assert.Equal($"must be finite and >= 1.0, got {shown}", error.Problem);
        Assert.Equal("a finite number >= 1.0", error.Allowed);
    }

    [Fact]
    public void Backoff_with_an_undefined_jitter_is_rejected_naming_jitter()
    {
        var error = Assert.Single(new BackoffPolicy((JitterPolicy)42, 1000, 30_000, 2.0).Validate());

        Assert.Equal("spec.backoff.jitter", error.Path);
        Assert.Equal("'42' is not a jitter policy", error.Problem);
        Assert.Equal("full, none, equal, decorrelated", error.Allowed);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once_under_the_given_path()
    {
        var errors = new BackoffPolicy((JitterPolicy)9, 0, -1, double.NaN).Validate("[2].spec.backoff").ToList();

        Assert.Equal(
            ["[2].spec.backoff.jitter", "[2].spec.backoff.firstMs", "[2].spec.backoff.maxMs", "[2].spec.backoff.factor"],
            errors.Select(e => e.Path));
    }

    // ---- BaseMs ----

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(6, 6400)]
    [InlineData(7, 10_000)]
    [InlineData(10, 10_000)]
    public void Base_doubles_from_first_and_is_capped_at_max(int n, long expected)
    {
        Assert.Equal(expected, Hundred.BaseMs(n));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1024)]
    [InlineData(100_000)]
    [InlineData(int.MaxValue)]
    public void A_huge_retry_number_caps_the_base_at_max(int n)
    {
        Assert.Equal(10_000, Hundred.BaseMs(n));
        Assert.Equal(long.MaxValue, new BackoffPolicy(JitterPolicy.None, 1, long.MaxValue, 10.0).BaseMs(n));
    }

    [Fact]
    public void Factor_one_gives_a_constant_base()
    {
        var constant = new BackoffPolicy(JitterPolicy.None, 750, 30_000, 1.0);

        Assert.All(new[] { 0, 1, 5, 50, 200, int.MaxValue }, n => Assert.Equal(750, constant.BaseMs(n)));
    }

    [Fact]
    public void A_fractional_base_is_rounded_down_to_whole_milliseconds()
    {
        var policy = new BackoffPolicy(JitterPolicy.None, 100, 10_000, 1.5);

        Assert.Equal([100L, 150, 225, 337, 506], Enumerable.Range(0, 5).Select(policy.BaseMs));
    }

    [Fact]
    public void The_default_policy_goes_1_2_4_8_16_then_30_seconds()
    {
        Assert.Equal([1000L, 2000, 4000, 8000, 16_000, 30_000, 30_000], Enumerable.Range(0, 7).Select(BackoffPolicy.Default.BaseMs));
    }

    // BaseMs compares the double product with maxMs converted to double. Above 2^53 ms a maxMs that is not exactly
    // representable rounds up, so a product equal to the rounded value is not capped and the floored base is maxMs + 1.
    // (Low severity: only maxMs above ~285 000 years is affected, but it breaks "base <= maxMs" for a valid policy.)
    [Fact]
    public void The_base_never_exceeds_max_even_when_max_is_not_exactly_representable_as_a_double()
    {
        const long max = (1L << 54) - 1;
        var policy = new BackoffPolicy(JitterPolicy.None, 1L << 53, max, 2.0);

        Assert.InRange(policy.BaseMs(1), 1L << 53, max);
        Assert.InRange(policy.Bounds(1).Max, 0, max);
    }

    [Fact]
    public void A_negative_retry_number_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hundred.BaseMs(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hundred.Next(-1, new Random(1)));
    }

    // ---- Next and Bounds ----

    [Fact]
    public void None_jitter_is_exactly_the_base_and_draws_nothing()
    {
        var random = new ScriptedRandom(highest: true);

        Assert.Equal([100L, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000], Enumerable.Range(0, 9).Select(n => Hundred.Next(n, random)));
        Assert.Empty(random.Requests);
        Assert.Equal((200L, 200L), Hundred.Bounds(1));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(3, 800)]
    [InlineData(10, 10_000)]
    public void Full_jitter_is_uniform_between_zero_and_the_base_inclusive(int n, long baseMs)
    {
        var policy = Hundred with { Jitter = JitterPolicy.Full };

        Assert.Equal(0, policy.Next(n, new ScriptedRandom(highest: false)));
        Assert.Equal(baseMs, policy.Next(n, new ScriptedRandom(highest: true)));
        Assert.Equal((0L, baseMs), policy.Bounds(n));
    }

    [Theory]
    [InlineData(0, 50, 100)]
    [InlineData(3, 400, 800)]
    [InlineData(10, 5000, 10_000)]
    public void Equal_jitter_is_half_the_base_plus_uniform_up_to_half_the_base(int n, long low, long high)
    {
        var policy = Hundred with { Jitter = JitterPolicy.Equal };

        Assert.Equal(low, policy.Next(n, new ScriptedRandom(highest: false)));
        Assert.Equal(high, policy.Next(n, new ScriptedRandom(highest: true)));
        Assert.Equal((low, high), policy.Bounds(n));
    }

    [Fact]
    public void Equal_jitter_on_an_odd_base_uses_integer_halves()
    {
        var policy = new BackoffPolicy(JitterPolicy.Equal, 201, 10_000, 1.0);

        Assert.Equal(100, policy.Next(0, new ScriptedRandom(highest: false)));
        Assert.Equal(200, policy.Next(0, new ScriptedRandom(highest: true)));
        Assert.Equal((100L, 200L), policy.Bounds(0));
    }

    [Fact]
    public void Equal_jitter_on_a_base_of_one_millisecond_is_zero()
    {
        var policy = new BackoffPolicy(JitterPolicy.Equal, 1, 1, 1.0);

        Assert.Equal(0, policy.Next(0, new Random(1)));
        Assert.Equal((0L, 0L), policy.Bounds(0));
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(1, 600)]
    [InlineData(5, 9600)]
    [InlineData(6, 10_000)]
    [InlineData(10, 10_000)]
    public void Decorrelated_jitter_is_uniform_between_first_and_three_times_the_base_capped_at_max(int n, long upper)
    {
        var policy = Hundred with { Jitter = JitterPolicy.Decorrelated };

        Assert.Equal(100, policy.Next(n, new ScriptedRandom(highest: false)));
        Assert.Equal(upper, policy.Next(n, new ScriptedRandom(highest: true)));
        Assert.Equal((100L, upper), policy.Bounds(n));
    }

    [Fact]
    public void Decorrelated_jitter_with_first_equal_to_max_is_exactly_first_and_draws_nothing()
    {
        var policy = new BackoffPolicy(JitterPolicy.Decorrelated, 500, 500, 2.0);
        var random = new ScriptedRandom(highest: true);

        Assert.Equal(500, policy.Next(0, random));
        Assert.Equal(500, policy.Next(7, random));
        Assert.Empty(random.Requests);
        Assert.Equal((500L, 500L), policy.Bounds(7));
    }

    [Fact]
    public void Decorrelated_three_times_the_base_does_not_overflow_near_the_largest_max()
    {
        var policy = new BackoffPolicy(JitterPolicy.Decorrelated, 1, long.MaxValue, 10.0);

        Assert.Equal((1L, long.MaxValue), policy.Bounds(30));
        Assert.InRange(policy.Next(30, new Random(3)), 1, long.MaxValue);
    }

    [Theory]
    [MemberData(nameof(AllJitters))]
    public void Next_is_deterministic_for_the_same_seed(JitterPolicy jitter)
    {
        var policy = BackoffPolicy.Default with { Jitter = jitter };
        var first = new Random(2024);
        var second = new Random(2024);

        var a = Enumerable.Range(0, 20).Select(n => policy.Next(n, first)).ToList();
        var b = Enumerable.Range(0, 20).Select(n => policy.Next(n, second)).ToList();

        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(AllJitters))]
    public void Next_with_seeded_randoms_stays_within_bounds(JitterPolicy jitter)
    {
        var policy = BackoffPolicy.Default with { Jitter = jitter };

        for (var seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            for (var n = 0; n < 12; n++)
            {
                var (min, max) = policy.Bounds(n);
                Assert.InRange(policy.Next(n, random), min, max);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllJitters))]
    public void Bounds_lie_between_zero_and_max(JitterPolicy jitter)
    {
        var policy = new BackoffPolicy(jitter, 700, 9_000, 3.0);

        for (var n = 0; n < 10; n++)
        {
            var (min, max) = policy.Bounds(n);
            Assert.InRange(min, 0, max);
            Assert.InRange(max, min, 9_000);
        }
    }

    [Fact]
    public void Full_jitter_draws_differ_between_seeds()
    {
        var policy = BackoffPolicy.Default;

        var draws = Enumerable.Range(0, 20).Select(seed => policy.Next(5, new Random(seed))).ToHashSet();

        Assert.True(draws.Count > 1);
    }

    [Fact]
    public void A_null_random_source_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Hundred.Next(0, null!));
    }

    [Fact]
    public void Policies_with_the_same_fields_are_equal()
    {
        Assert.Equal(new BackoffPolicy(JitterPolicy.Full, 1000, 30_000, 2.0), BackoffPolicy.Default);
        Assert.NotEqual(BackoffPolicy.Default with { Factor = 2.5 }, BackoffPolicy.Default);
    }
}
