using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

public sealed class LabelRulesSpec
{
    private static readonly string Name63 = "a" + new string('b', 61) + "c";
    private static readonly string Name64 = "a" + new string('b', 62) + "c";

    [Theory]
    [InlineData("app")]
    [InlineData("a")]
    [InlineData("A1")]
    [InlineData("a-b_c.d")]
    [InlineData("app.kubernetes.io/name")]
    [InlineData("example.com/Tier")]
    [InlineData("my-org.example/x")]
    [InlineData("0/0")]
    public void Valid_keys_are_accepted(string key)
    {
        Assert.Null(LabelRules.CheckKey(key));
    }

    [Fact]
    public void A_key_name_of_63_characters_is_accepted_and_64_is_rejected()
    {
        Assert.Null(LabelRules.CheckKey(Name63));
        Assert.Null(LabelRules.CheckKey("example.com/" + Name63));
        Assert.Equal("is 64 characters long, longer than the maximum 63", LabelRules.CheckKey(Name64));
        Assert.Equal("is 64 characters long, longer than the maximum 63", LabelRules.CheckKey("example.com/" + Name64));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData(null, "must not be empty")]
    [InlineData("-app", "must start and end with a letter or digit")]
    [InlineData("app-", "must start and end with a letter or digit")]
    [InlineData("_app", "must start and end with a letter or digit")]
    [InlineData(".app", "must start and end with a letter or digit")]
    [InlineData("a b", "contains the character U+0020")]
    [InlineData("a:b", "contains ':'")]
    [InlineData("aéb", "contains 'é'")]
    [InlineData("/name", "has a prefix that is empty")]
    [InlineData("example.com/", "has an empty name")]
    [InlineData("Example.com/name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("ex_ample.com/name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("-example.com/name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("example-.com/name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("example..com/name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("example.com./name", "has a prefix that is not a lowercase DNS subdomain")]
    [InlineData("a/b/c", "contains '/'")]
    public void Bad_keys_are_rejected_naming_the_problem(string? key, string problem)
    {
        Assert.Equal(problem, LabelRules.CheckKey(key));
    }

    [Fact]
    public void A_key_prefix_of_253_characters_is_accepted_and_254_is_rejected()
    {
        var prefix253 = string.Join(".", Enumerable.Repeat(new string('a', 49), 5)) + ".abc";
        Assert.Equal(253, prefix253.Length);

        Assert.Null(LabelRules.CheckKey(prefix253 + "/name"));
        Assert.Equal("has a prefix that is longer than 253 characters", LabelRules.CheckKey(prefix253 + "d/name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("linux")]
    [InlineData("v1.2.3")]
    [InlineData("a_b-c")]
    [InlineData("0")]
    public void Valid_values_including_the_empty_value_are_accepted(string? value)
    {
        Assert.Null(LabelRules.CheckValue(value));
    }

    [Fact]
    public void A_value_of_63_characters_is_accepted_and_64_is_rejected()
    {
        Assert.Null(LabelRules.CheckValue(Name63));
        Assert.Equal("is 64 characters long, longer than the maximum 63", LabelRules.CheckValue(Name64));
    }

    [Theory]
    [InlineData("-linux", "must start and end with a letter or digit")]
    [InlineData("linux.", "must start and end with a letter or digit")]
    [InlineData(" ", "must start and end with a letter or digit")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("a b", "contains the character U+0020")]
    [InlineData("a\nb", "contains the character U+000A")]
    public void Bad_values_are_rejected_naming_the_problem(string value, string problem)
    {
        Assert.Equal(problem, LabelRules.CheckValue(value));
    }

    [Fact]
    public void The_limits_are_the_kubernetes_ones()
    {
        Assert.Equal(63, LabelRules.MaxNameLength);
        Assert.Equal(253, LabelRules.MaxPrefixLength);
    }
}
