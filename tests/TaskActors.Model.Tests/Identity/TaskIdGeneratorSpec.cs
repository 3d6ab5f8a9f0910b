using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

public sealed class TaskIdGeneratorSpec
{
    private const string Crockford = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_generated_id_is_the_slot_a_dash_and_26_base32_characters()
    {
        var id = TaskIdGenerator.Next(new Slot("reports"), Noon, new Random(7));

        Assert.StartsWith("reports-", id.Value, StringComparison.Ordinal);
        var suffix = id.Value["reports-".Length..];
        Assert.Equal(26, suffix.Length);
        Assert.Equal(TaskIdGenerator.SuffixLength, suffix.Length);
        Assert.All(suffix, c => Assert.Contains(c, Crockford));
    }

    [Fact]
    public void A_generated_id_is_a_valid_task_id_even_for_the_longest_slot()
    {
        var slot = new Slot(new string('s', Slot.MaxLength));

        var id = TaskIdGenerator.Next(slot, Noon, new Random(1));

        Assert.Null(TaskId.Check(id.Value));
        Assert.Equal(64 + 1 + 26, id.Value.Length);
    }

    [Fact]
    public void The_first_suffix_character_carries_only_three_bits()
    {
        // 128 bits in 26 characters of 5 bits: the leading character is at most '7'.
        var id = TaskIdGenerator.Next(new Slot("s"), DateTimeOffset.MaxValue, new Random(3));

        Assert.InRange(id.Value[2], '0', '7');
    }

    [Fact]
    public void The_same_time_and_seed_give_the_same_id()
    {
        var first = TaskIdGenerator.Next(new Slot("reports"), Noon, new Random(42));
        var second = TaskIdGenerator.Next(new Slot("reports"), Noon, new Random(42));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seeds_at_the_same_time_give_different_ids_sharing_the_time_prefix()
    {
        var first = TaskIdGenerator.Next(new Slot("reports"), Noon, new Random(1)).Value["reports-".Length..];
        var second = TaskIdGenerator.Next(new Slot("reports"), Noon, new Random(2)).Value["reports-".Length..];

        Assert.NotEqual(first, second);
        Assert.Equal(first[..10], second[..10]);
    }

    [Fact]
    public void The_first_ten_suffix_characters_encode_the_milliseconds_since_the_epoch()
    {
        var epoch = DateTimeOffset.UnixEpoch;

        var atEpoch = TaskIdGenerator.Next(new Slot("s"), epoch, new Random(5)).Value[2..];
        var oneMsLater = TaskIdGenerator.Next(new Slot("s"), epoch.AddMilliseconds(1), new Random(5)).Value[2..];
        var thirtyTwoMsLater = TaskIdGenerator.Next(new Slot("s"), epoch.AddMilliseconds(32), new Random(5)).Value[2..];

        Assert.Equal("0000000000", atEpoch[..10]);
        Assert.Equal("0000000001", oneMsLater[..10]);
        Assert.Equal("0000000010", thirtyTwoMsLater[..10]);
    }

    [Fact]
    public void A_time_before_the_epoch_is_encoded_as_the_epoch()
    {
        var id = TaskIdGenerator.Next(new Slot("s"), DateTimeOffset.UnixEpoch.AddDays(-1), new Random(5));

        Assert.Equal("0000000000", id.Value[2..12]);
    }

    [Fact]
    public void Ids_of_one_slot_sort_by_creation_time_whatever_the_random_part()
    {
        var times = new[]
        {
            Noon,
            Noon.AddMilliseconds(1),
            Noon.AddMilliseconds(2),
            Noon.AddSeconds(1),
            Noon.AddMinutes(1),
            Noon.AddHours(1),
            Noon.AddDays(1),
            Noon.AddYears(10),
        };

        // A descending seed per time, so the random bits alone would order the ids differently.
        var ids = times.Select((t, i) => TaskIdGenerator.Next(new Slot("reports"), t, new Random(1000 - i))).ToList();

        var sorted = ids.OrderBy(id => id.Value, StringComparer.Ordinal).ToList();
        Assert.Equal(ids, sorted);
        var sortedByCompareTo = ids.ToList();
        sortedByCompareTo.Sort();
        Assert.Equal(ids, sortedByCompareTo);
    }

    [Fact]
    public void Many_ids_in_the_same_millisecond_are_distinct()
    {
        var random = new Random(99);

        var ids = Enumerable.Range(0, 1000).Select(_ => TaskIdGenerator.Next(new Slot("burst"), Noon, random)).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void A_null_random_source_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TaskIdGenerator.Next(new Slot("s"), Noon, null!));
    }
}
