using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

public sealed class LabelsSpec
{
    [Fact]
    public void Keys_are_kept_in_ordinal_order()
    {
        var labels = Labels.Of(("team", "finance"), ("app", "report"), ("Zone", "eu"), ("b", "1"));

        Assert.Equal(["Zone", "app", "b", "team"], labels.Keys);
        Assert.Equal(["eu", "report", "1", "finance"], labels.Values);
    }

    [Fact]
    public void A_later_pair_with_the_same_key_wins()
    {
        var labels = Labels.Of(("os", "windows"), ("os", "linux"));

        Assert.Equal("linux", Assert.Single(labels).Value);
    }

    [Fact]
    public void With_returns_new_labels_and_leaves_the_original_untouched()
    {
        var original = Labels.Of(("os", "linux"));

        var changed = original.With("os", "windows").With("arch", "arm64");

        Assert.Equal("linux", Assert.Single(original).Value);
        Assert.Equal("windows", changed["os"]);
        Assert.Equal("arm64", changed["arch"]);
    }

    [Fact]
    public void Labels_with_the_same_pairs_are_equal_whatever_the_insertion_order()
    {
        var first = Labels.Of(("a", "1"), ("b", "2"));
        var second = Labels.Of(("b", "2"), ("a", "1"));

        Assert.Equal(first, second);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Labels_differing_in_a_value_a_key_or_the_count_are_not_equal()
    {
        var labels = Labels.Of(("a", "1"), ("b", "2"));

        Assert.NotEqual(labels, Labels.Of(("a", "1"), ("b", "3")));
        Assert.NotEqual(labels, Labels.Of(("a", "1"), ("c", "2")));
        Assert.NotEqual(labels, Labels.Of(("a", "1")));
        Assert.NotEqual(labels, Labels.Of(("A", "1"), ("b", "2")));
        Assert.False(labels.Equals(null));
    }

    [Fact]
    public void No_pairs_give_the_empty_labels()
    {
        Assert.Equal(Labels.Empty, Labels.From(null));
        Assert.Equal(Labels.Empty, Labels.From([]));
        Assert.Equal(Labels.Empty, Labels.Of());
        Assert.Empty(Labels.Empty);
    }

    [Fact]
    public void The_dictionary_members_read_the_labels()
    {
        var labels = Labels.Of(("os", "linux"));

        Assert.True(labels.ContainsKey("os"));
        Assert.False(labels.ContainsKey("OS"));
        Assert.True(labels.TryGetValue("os", out var os));
        Assert.Equal("linux", os);
        Assert.False(labels.TryGetValue("arch", out _));
        Assert.Equal([new KeyValuePair<string, string>("os", "linux")], labels.ToList());
    }

    [Fact]
    public void Labels_render_as_key_equals_value_pairs_in_key_order()
    {
        Assert.Equal("{a=1, b=2}", Labels.Of(("b", "2"), ("a", "1")).ToString());
        Assert.Equal("{}", Labels.Empty.ToString());
    }

    [Fact]
    public void Valid_labels_give_no_errors()
    {
        var labels = Labels.Of(("app.kubernetes.io/name", "report"), ("team", "finance"), ("empty", ""));

        Assert.Empty(labels.Validate("spec.labels"));
    }

    [Fact]
    public void A_bad_key_is_reported_at_the_path_of_the_key()
    {
        var error = Assert.Single(Labels.Of(("bad key", "x")).Validate("spec.labels"));

        Assert.Equal("spec.labels.bad key", error.Path);
        Assert.Equal("label key 'bad key' contains the character U+0020", error.Problem);
        Assert.Equal(LabelRules.KeyAllowed, error.Allowed);
    }

    [Fact]
    public void A_bad_value_is_reported_at_the_path_of_the_key()
    {
        var error = Assert.Single(Labels.Of(("team", "-finance")).Validate("spec.labels"));

        Assert.Equal("spec.labels.team", error.Path);
        Assert.Equal("label value '-finance' must start and end with a letter or digit", error.Problem);
        Assert.Equal(LabelRules.ValueAllowed, error.Allowed);
    }

    [Fact]
    public void A_bad_key_and_a_bad_value_of_one_label_are_both_reported()
    {
        var errors = Labels.Of(("-k", "v!")).Validate("spec.labels").ToList();

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("spec.labels.-k", e.Path));
        Assert.StartsWith("label key '-k'", errors[0].Problem, StringComparison.Ordinal);
        Assert.Equal("label value 'v!' must start and end with a letter or digit", errors[1].Problem);
    }

    [Fact]
    public void Every_bad_label_is_reported_in_key_order()
    {
        var errors = Labels.Of(("z z", "1"), ("a", "-"), ("ok", "fine")).Validate("x").ToList();

        Assert.Equal(["x.a", "x.z z"], errors.Select(e => e.Path));
    }
}
