using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class YamlScalarKindSpec
{
    private static DocScalar Scalar(string yamlValue)
    {
        var result = DocumentParser.ParseYaml("v: " + yamlValue + "\n");
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.True(Assert.IsType<DocMapping>(Assert.Single(result.Documents)).TryGet("v", out var value));
        return Assert.IsType<DocScalar>(value);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-12", "-12")]
    [InlineData("+7", "+7")]
    [InlineData("007", "007")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", ".5")]
    [InlineData("1e3", "1e3")]
    [InlineData("-2.5E-3", "-2.5E-3")]
    [InlineData(".inf", ".inf")]
    [InlineData("-.Inf", "-.Inf")]
    [InlineData(".NaN", ".NaN")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    public void Yaml_plain_numbers_follow_the_core_schema(string yaml, string text)
    {
        var scalar = Scalar(yaml);

        Assert.Equal((ScalarKind.Number, text), (scalar.Kind, scalar.Text));
        Assert.True(scalar.TryGetDouble(out _));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Yaml_plain_booleans_are_normalised(string yaml, bool expected)
    {
        var scalar = Scalar(yaml);

        Assert.Equal((ScalarKind.Boolean, expected ? "true" : "false"), (scalar.Kind, scalar.Text));
        Assert.True(scalar.TryGetBoolean(out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("~")]
    [InlineData("")]
    public void Yaml_plain_nulls_are_null(string yaml)
    {
        var scalar = Scalar(yaml);

        Assert.Equal(ScalarKind.Null, scalar.Kind);
        Assert.Null(scalar.Text);
        Assert.Equal("null", scalar.KindName);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("y")]
    [InlineData("tRUE")]
    [InlineData("nULL")]
    [InlineData("1_000")]
    [InlineData("0b101")]
    [InlineData("0X1F")]
    [InlineData("1.2.3")]
    [InlineData("12:30")]
    [InlineData("2024-01-01")]
    [InlineData("inf")]
    [InlineData("hello world")]
    public void Yaml_other_plain_scalars_are_strings(string yaml)
    {
        var scalar = Scalar(yaml);

        Assert.Equal((ScalarKind.String, yaml), (scalar.Kind, scalar.Text));
    }

    [Theory]
    [InlineData("'1'")]
    [InlineData("\"1\"")]
    [InlineData("'true'")]
    [InlineData("\"null\"")]
    [InlineData("''")]
    [InlineData("! 1")]
    [InlineData("!!str 1")]
    public void Yaml_quoted_and_str_tagged_scalars_are_strings(string yaml)
    {
        var scalar = Scalar(yaml);

        Assert.Equal(ScalarKind.String, scalar.Kind);
        Assert.False(scalar.TryGetInt64(out _));
        Assert.False(scalar.TryGetBoolean(out _));
        Assert.Equal("a string", scalar.KindName);
    }

    [Fact]
    public void Yaml_quoted_one_and_plain_one_differ()
    {
        Assert.Equal(ScalarKind.String, Scalar("\"1\"").Kind);
        Assert.Equal(ScalarKind.Number, Scalar("1").Kind);
    }

    [Fact]
    public void Yaml_core_tags_force_the_kind()
    {
        Assert.Equal((ScalarKind.Number, "5"), (Scalar("!!int \"5\"").Kind, Scalar("!!int \"5\"").Text));
        Assert.Equal(ScalarKind.Number, Scalar("!!float 5").Kind);
        Assert.Equal(ScalarKind.Boolean, Scalar("!!bool 'true'").Kind);
        Assert.Equal(ScalarKind.Null, Scalar("!!null ''").Kind);
    }

    [Fact]
    public void Yaml_values_that_do_not_fit_their_tag_and_unknown_tags_are_errors()
    {
        var result = DocumentParser.ParseYaml("a: !!int 1.5\nb: !!bool yes\nc: !Ref x\nd: !!binary aGk=\ne: !!set {x: null}\n");

        Assert.Equal(
            ["'1.5' is not a valid !!int value", "'yes' is not a valid !!bool value", "unsupported tag '!Ref'", "unsupported tag '!!binary'", "unsupported tag '!!set'"],
            result.Errors.Select(e => e.Message));
        Assert.Equal(new SourcePosition(1, 4), result.Errors[0].Position);
        Assert.Equal(["a", "b", "c", "d", "e"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Yaml_keys_are_taken_verbatim()
    {
        var root = Assert.IsType<DocMapping>(Assert.Single(DocumentParser.ParseYaml("1: a\ntrue: b\nnull: c\n'x': d\n").Documents));

        Assert.Equal(["1", "true", "null", "x"], root.Properties.Select(p => p.Name));
    }
}
