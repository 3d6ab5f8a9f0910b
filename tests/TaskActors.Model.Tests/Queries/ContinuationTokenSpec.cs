using System.Buffers.Text;
using System.Text;
using TaskActors.Model.Identity;
using TaskActors.Model.Queries;

namespace TaskActors.Model.Tests.Queries;

public sealed class ContinuationTokenSpec
{
    private static string Raw(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("a")]
    [InlineData("reports-01jr8x5kq3v6m2n4p7r9s0t1u2")]
    [InlineData("build.frontend")]
    [InlineData("A_z-0.9")]
    [InlineData("...")]
    public void A_token_decodes_to_the_id_it_was_made_from(string id)
    {
        var token = ContinuationToken.Encode(new TaskId(id));

        Assert.True(ContinuationToken.TryDecode(token, out var decoded));
        Assert.Equal(new TaskId(id), decoded);
    }

    [Fact]
    public void The_longest_id_round_trips()
    {
        var id = new TaskId(new string('z', TaskId.MaxLength));

        Assert.True(ContinuationToken.TryDecode(ContinuationToken.Encode(id), out var decoded));
        Assert.Equal(id, decoded);
    }

    [Fact]
    public void A_token_is_url_safe_and_opaque()
    {
        var token = ContinuationToken.Encode(new TaskId("reports-?>>~~~"));

        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain("reports", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_ids_give_different_tokens()
    {
        Assert.NotEqual(ContinuationToken.Encode(new TaskId("a-1")), ContinuationToken.Encode(new TaskId("a-2")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("not a token")]
    [InlineData("a")]
    [InlineData("after:reports-1")]
    public void Garbage_is_rejected(string token)
    {
        Assert.False(ContinuationToken.TryDecode(token, out var decoded));
        Assert.Equal(default, decoded);
    }

    [Theory]
    [InlineData("before:reports-1")]
    [InlineData("reports-1")]
    [InlineData("AFTER:reports-1")]
    [InlineData("after:")]
    [InlineData("after:.")]
    [InlineData("after:..")]
    [InlineData("after:a/b")]
    [InlineData("after:a b")]
    public void Well_encoded_text_that_is_not_after_a_valid_id_is_rejected(string text)
    {
        Assert.False(ContinuationToken.TryDecode(Raw(text), out _));
    }

    [Fact]
    public void A_token_for_an_id_longer_than_the_maximum_is_rejected()
    {
        Assert.False(ContinuationToken.TryDecode(Raw("after:" + new string('z', TaskId.MaxLength + 1)), out _));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_rejected()
    {
        Assert.False(ContinuationToken.TryDecode(Base64Url.EncodeToString([0xFF, 0xFE, 0x61]), out _));
    }
}
