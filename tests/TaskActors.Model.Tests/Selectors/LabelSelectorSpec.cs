using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Selectors;

namespace TaskActors.Model.Tests.Selectors;

public sealed class LabelSelectorSpec
{
    private static readonly Labels Runner = Labels.Of(("os", "linux"), ("arch", "amd64"), ("zone", "eu-1"));

    [Fact]
    public void The_empty_selector_matches_everything()
    {
        Assert.True(LabelSelector.Everything.IsEmpty);
        Assert.True(LabelSelector.Everything.Matches(Labels.Empty));
        Assert.True(LabelSelector.Everything.Matches(Runner));
        Assert.True(new LabelSelector(Labels.Empty, ValueList<SelectorRequirement>.Empty).Matches(Runner));
    }

    [Fact]
    public void Match_labels_require_every_listed_key_with_exactly_that_value()
    {
        Assert.True(LabelSelector.ForLabels(("os", "linux")).Matches(Runner));
        Assert.True(LabelSelector.ForLabels(("os", "linux"), ("arch", "amd64")).Matches(Runner));
        Assert.False(LabelSelector.ForLabels(("os", "linux"), ("arch", "arm64")).Matches(Runner));
        Assert.False(LabelSelector.ForLabels(("gpu", "true")).Matches(Runner));
        Assert.False(LabelSelector.ForLabels(("os", "Linux")).Matches(Runner));
    }

    [Fact]
    public void Match_labels_with_an_empty_value_require_the_key_with_an_empty_value()
    {
        var selector = LabelSelector.ForLabels(("gpu", ""));

        Assert.True(selector.Matches(Labels.Of(("gpu", ""))));
        Assert.False(selector.Matches(Labels.Of(("gpu", "true"))));
        Assert.False(selector.Matches(Labels.Empty));
    }

    [Fact]
    public void Match_labels_and_expressions_are_ANDed()
    {
        var selector = LabelSelector.ForLabels(("os", "linux"))
            .With(SelectorRequirement.Of("zone", SelectorOperator.In, "eu-1", "eu-2"));

        Assert.True(selector.Matches(Runner));
        Assert.False(selector.Matches(Runner.With("zone", "us-1")), "expression fails");
        Assert.False(selector.Matches(Runner.With("os", "windows")), "match label fails");
        Assert.False(selector.Matches(Labels.Of(("zone", "eu-1"))), "match label missing");
    }

    [Fact]
    public void All_expressions_must_hold()
    {
        var selector = LabelSelector.Everything
            .With(SelectorRequirement.Of("os", SelectorOperator.Exists))
            .With(SelectorRequirement.Of("spot", SelectorOperator.DoesNotExist))
            .With(SelectorRequirement.Of("arch", SelectorOperator.NotIn, "arm64"));

        Assert.True(selector.Matches(Runner));
        Assert.False(selector.Matches(Runner.With("spot", "yes")));
        Assert.False(selector.Matches(Runner.With("arch", "arm64")));
        Assert.True(selector.Matches(Labels.Of(("os", "linux"))), "NotIn matches the missing arch");
        Assert.False(selector.Matches(Labels.Empty));
        Assert.False(selector.IsEmpty);
    }

    [Fact]
    public void Matches_accepts_any_read_only_dictionary()
    {
        var labels = new Dictionary<string, string> { ["os"] = "linux" };

        Assert.True(LabelSelector.ForLabels(("os", "linux")).Matches(labels));
    }

    [Fact]
    public void With_adds_an_expression_and_leaves_the_original_untouched()
    {
        var original = LabelSelector.ForLabels(("os", "linux"));

        var extended = original.With(SelectorRequirement.Of("gpu", SelectorOperator.Exists));

        Assert.Empty(original.MatchExpressions);
        Assert.Single(extended.MatchExpressions);
    }

    [Fact]
    public void A_selector_renders_in_the_kubernetes_string_form()
    {
        var selector = LabelSelector.ForLabels(("os", "linux"), ("arch", "amd64"))
            .With(SelectorRequirement.Of("zone", SelectorOperator.In, "eu-1", "eu-2"))
            .With(SelectorRequirement.Of("tier", SelectorOperator.NotIn, "batch"))
            .With(SelectorRequirement.Of("gpu", SelectorOperator.Exists))
            .With(SelectorRequirement.Of("spot", SelectorOperator.DoesNotExist));

        Assert.Equal("arch=amd64,os=linux,zone in (eu-1,eu-2),tier notin (batch),gpu,!spot", selector.ToString());
    }

    [Fact]
    public void The_empty_selector_renders_as_empty_text()
    {
        Assert.Equal("", LabelSelector.Everything.ToString());
    }

    [Fact]
    public void Validate_reports_match_label_and_expression_errors_with_their_paths()
    {
        var selector = LabelSelector.ForLabels(("os", "-linux"), ("bad key", "x"))
            .With(SelectorRequirement.Of("gpu", SelectorOperator.Exists))
            .With(SelectorRequirement.Of("zone", SelectorOperator.In));

        var errors = selector.Validate("spec.runnerSelector").ToList();

        Assert.Equal(
            ["spec.runnerSelector.matchLabels.bad key", "spec.runnerSelector.matchLabels.os", "spec.runnerSelector.matchExpressions[1].values"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void A_valid_selector_gives_no_errors()
    {
        var selector = LabelSelector.ForLabels(("kubernetes.io/os", "linux")).With(SelectorRequirement.Of("zone", SelectorOperator.NotIn, "us-1"));

        Assert.Empty(selector.Validate("spec.runnerSelector"));
    }

    [Fact]
    public void Selectors_with_the_same_terms_are_equal()
    {
        var first = LabelSelector.ForLabels(("os", "linux")).With(SelectorRequirement.Of("zone", SelectorOperator.In, "eu-1"));
        var second = LabelSelector.ForLabels(("os", "linux")).With(SelectorRequirement.Of("zone", SelectorOperator.In, "eu-1"));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, LabelSelector.ForLabels(("os", "linux")));
    }
}
