using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Selectors;

namespace TaskActors.Model.Tests.Selectors;

public sealed class SelectorRequirementSpec
{
    private const string Path = "spec.runnerSelector.matchExpressions[0]";

    private static readonly Labels Linux = Labels.Of(("os", "linux"), ("arch", "amd64"), ("gpu", ""));

    [Theory]
    [InlineData("os", true)]
    [InlineData("arch", false)]
    [InlineData("zone", false)]
    public void In_matches_a_present_key_whose_value_is_listed(string key, bool expected)
    {
        var requirement = SelectorRequirement.Of(key, SelectorOperator.In, "linux", "darwin");

        Assert.Equal(expected, requirement.Matches(Linux));
    }

    [Fact]
    public void NotIn_matches_a_missing_key()
    {
        Assert.True(SelectorRequirement.Of("zone", SelectorOperator.NotIn, "eu-1").Matches(Linux));
        Assert.True(SelectorRequirement.Of("os", SelectorOperator.NotIn, "linux").Matches(Labels.Empty));
    }

    [Fact]
    public void NotIn_matches_a_present_key_whose_value_is_not_listed()
    {
        Assert.True(SelectorRequirement.Of("os", SelectorOperator.NotIn, "windows", "darwin").Matches(Linux));
    }

    [Fact]
    public void NotIn_does_not_match_a_present_key_whose_value_is_listed()
    {
        Assert.False(SelectorRequirement.Of("os", SelectorOperator.NotIn, "windows", "linux").Matches(Linux));
    }

    [Theory]
    [InlineData("os", true)]
    [InlineData("gpu", true)]
    [InlineData("zone", false)]
    public void Exists_matches_a_present_key_whatever_its_value(string key, bool expected)
    {
        Assert.Equal(expected, SelectorRequirement.Of(key, SelectorOperator.Exists).Matches(Linux));
    }

    [Theory]
    [InlineData("os", false)]
    [InlineData("gpu", false)]
    [InlineData("zone", true)]
    public void DoesNotExist_matches_only_a_missing_key(string key, bool expected)
    {
        Assert.Equal(expected, SelectorRequirement.Of(key, SelectorOperator.DoesNotExist).Matches(Linux));
    }

    [Fact]
    public void Values_are_compared_exactly()
    {
        Assert.False(SelectorRequirement.Of("os", SelectorOperator.In, "Linux", "linux ").Matches(Linux));
        Assert.False(SelectorRequirement.Of("OS", SelectorOperator.Exists).Matches(Linux));
    }

    [Fact]
    public void An_undefined_operator_matches_nothing()
    {
        Assert.False(new SelectorRequirement("os", (SelectorOperator)99, ValueList<string>.Of("linux")).Matches(Linux));
    }

    [Theory]
    [InlineData(SelectorOperator.In, "linux")]
    [InlineData(SelectorOperator.NotIn, "linux")]
    [InlineData(SelectorOperator.Exists)]
    [InlineData(SelectorOperator.DoesNotExist)]
    public void Well_formed_requirements_are_valid(SelectorOperator op, params string[] values)
    {
        Assert.Empty(SelectorRequirement.Of("example.com/os", op, values).Validate(Path));
    }

    [Fact]
    public void An_empty_key_is_rejected_with_the_seed_message()
    {
        var error = Assert.Single(SelectorRequirement.Of("", SelectorOperator.Exists).Validate(Path));

        Assert.Equal($"{Path}.key", error.Path);
        Assert.Equal("selector requirement key must not be empty", error.Problem);
        Assert.Equal(LabelRules.KeyAllowed, error.Allowed);
    }

    [Fact]
    public void A_key_that_is_not_a_label_key_is_rejected_naming_the_problem()
    {
        var error = Assert.Single(SelectorRequirement.Of("bad key", SelectorOperator.Exists).Validate(Path));

        Assert.Equal($"{Path}.key", error.Path);
        Assert.Equal("label key 'bad key' contains the character U+0020", error.Problem);
    }

    [Theory]
    [InlineData(SelectorOperator.In)]
    [InlineData(SelectorOperator.NotIn)]
    public void In_and_NotIn_without_values_are_rejected_with_the_seed_message(SelectorOperator op)
    {
        var error = Assert.Single(SelectorRequirement.Of("os", op).Validate(Path));

        Assert.Equal($"{Path}.values", error.Path);
        Assert.Equal($"selector requirement 'os' with operator {op} must have non-empty values", error.Problem);
        Assert.Equal("one or more label values", error.Allowed);
    }

    [Theory]
    [InlineData(SelectorOperator.Exists)]
    [InlineData(SelectorOperator.DoesNotExist)]
    public void Exists_and_DoesNotExist_with_values_are_rejected_with_the_seed_message(SelectorOperator op)
    {
        var error = Assert.Single(SelectorRequirement.Of("gpu", op, "true").Validate(Path));

        Assert.Equal($"{Path}.values", error.Path);
        Assert.Equal($"selector requirement 'gpu' with operator {op} must have empty values", error.Problem);
        Assert.Equal("no values (omit the field)", error.Allowed);
    }

    [Fact]
    public void The_operator_names_read_as_in_the_seed()
    {
        Assert.Equal(
            "selector requirement 'os' with operator In must have non-empty values",
            Assert.Single(SelectorRequirement.Of("os", SelectorOperator.In).Validate(Path)).Problem);
        Assert.Equal(
            "selector requirement 'gpu' with operator DoesNotExist must have empty values",
            Assert.Single(SelectorRequirement.Of("gpu", SelectorOperator.DoesNotExist, "x").Validate(Path)).Problem);
    }

    [Fact]
    public void An_undefined_operator_is_rejected_naming_operator()
    {
        var error = Assert.Single(new SelectorRequirement("os", (SelectorOperator)7, ValueList<string>.Empty).Validate(Path));

        Assert.Equal($"{Path}.operator", error.Path);
        Assert.Equal("'7' is not an operator", error.Problem);
        Assert.Equal("In, NotIn, Exists, DoesNotExist", error.Allowed);
    }

    [Fact]
    public void An_empty_key_and_missing_values_are_both_reported()
    {
        var errors = SelectorRequirement.Of("", SelectorOperator.In).Validate(Path).ToList();

        Assert.Equal([$"{Path}.key", $"{Path}.values"], errors.Select(e => e.Path));
        Assert.Equal("selector requirement '' with operator In must have non-empty values", errors[1].Problem);
    }

    [Fact]
    public void Requirements_compare_by_value()
    {
        Assert.Equal(SelectorRequirement.Of("os", SelectorOperator.In, "a", "b"), SelectorRequirement.Of("os", SelectorOperator.In, "a", "b"));
        Assert.NotEqual(SelectorRequirement.Of("os", SelectorOperator.In, "a"), SelectorRequirement.Of("os", SelectorOperator.NotIn, "a"));
    }
}
