using System.Text;
using TaskActors.Runners;

namespace TaskActors.Tests.Runners;

public sealed class OutputTailSpec
{
    [Fact]
    public void It_keeps_everything_below_its_capacity()
    {
        var tail = new OutputTail(8);
        tail.Append("abc"u8);
        tail.Append("de"u8);

        Assert.Equal("abcde", tail.ToText());
        Assert.Equal(5, tail.TotalBytes);
    }

    [Fact]
    public void It_keeps_only_the_last_bytes_across_many_wrapping_writes()
    {
        var tail = new OutputTail(7);
        var all = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            var chunk = new string((char)('a' + (i % 26)), i % 5 + 1);
            all.Append(chunk);
            tail.Append(Encoding.ASCII.GetBytes(chunk));
            Assert.Equal(all.ToString()[Math.Max(0, all.Length - 7)..], tail.ToText());
        }

        Assert.Equal(all.Length, tail.TotalBytes);
    }

    [Fact]
    public void A_write_larger_than_the_capacity_keeps_its_end()
    {
        var tail = new OutputTail(4);
        tail.Append("xy"u8);
        tail.Append("0123456789"u8);

        Assert.Equal("6789", tail.ToText());
    }

    [Fact]
    public void A_cut_inside_a_multibyte_character_drops_the_partial_character()
    {
        var tail = new OutputTail(5);
        tail.Append(Encoding.UTF8.GetBytes("€€")); // 6 bytes: the first byte of the first € falls off

        Assert.Equal("€", tail.ToText());
    }

    [Fact]
    public void Nothing_written_is_null_and_a_zero_capacity_keeps_nothing()
    {
        Assert.Null(new OutputTail(4).ToText());
        var none = new OutputTail(0);
        none.Append("abc"u8);
        Assert.Equal(string.Empty, none.ToText());
        Assert.Equal(3, none.TotalBytes);
    }
}
