using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class DocScalarSpec
{
    private static readonly SourcePosition At = new(1, 1);

    [Fact]
    public void Integer_helpers_succeed_only_for_integer_numbers_in_range()
    {
        Assert.True(new DocScalar(At, "-42", ScalarKind.Number).TryGetInt32(out var small));
        Assert.Equal(-42, small);
        Assert.True(new DocScalar(At, "9223372036854775807", ScalarKind.Number).TryGetInt64(out var big));
        Assert.Equal(long.MaxValue, big);
        Assert.False(new DocScalar(At, "9223372036854775807", ScalarKind.Number).TryGetInt32(out _));
        Assert.False(new DocScalar(At, "9223372036854775808", ScalarKind.Number).TryGetInt64(out _));
        Assert.False(new DocScalar(At, "1.0", ScalarKind.Number).TryGetInt64(out _));
        Assert.False(new DocScalar(At, "1e3", ScalarKind.Number).TryGetInt64(out _));
        Assert.False(new DocScalar(At, "42", ScalarKind.String).TryGetInt64(out _));
    }

    [Fact]
    public void Double_and_boolean_helpers_succeed_only_for_their_kind()
    {
        Assert.True(new DocScalar(At, "-.inf", ScalarKind.Number).TryGetDouble(out var negativeInfinity));
        Assert.Equal(double.NegativeInfinity, negativeInfinity);
        Assert.False(new DocScalar(At, "1.5", ScalarKind.String).TryGetDouble(out _));
        Assert.False(new DocScalar(At, "true", ScalarKind.String).TryGetBoolean(out _));
        Assert.False(new DocScalar(At, null, ScalarKind.Null).TryGetBoolean(out _));
        Assert.True(new DocScalar(At, "false", ScalarKind.Boolean).TryGetBoolean(out var value));
        Assert.False(value);
    }

    [Fact]
    public void Kind_names_read_well_in_messages()
    {
        Assert.Equal("a number", new DocScalar(At, "1", ScalarKind.Number).KindName);
        Assert.Equal("a boolean", new DocScalar(At, "true", ScalarKind.Boolean).KindName);
        Assert.Equal("an object", new DocMapping(At, []).KindName);
        Assert.Equal("a list", new DocSequence(At, []).KindName);
    }

    [Fact]
    public void Text_that_does_not_fit_the_kind_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new DocScalar(At, "abc", ScalarKind.Number));
        Assert.Throws<ArgumentException>(() => new DocScalar(At, "yes", ScalarKind.Boolean));
        Assert.Throws<ArgumentException>(() => new DocScalar(At, "null", ScalarKind.Null));
        Assert.Throws<ArgumentException>(() => new DocScalar(At, null, ScalarKind.String));
    }
}
