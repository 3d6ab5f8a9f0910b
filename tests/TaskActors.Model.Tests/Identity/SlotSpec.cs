using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

public sealed class SlotSpec
{
    private const string Allowed = "1 to 64 characters from A-Z a-z 0-9 . _ -, not '.' or '..'";

    [Theory]
    [InlineData("build.frontend")]
    [InlineData("reports")]
    [InlineData("my_job-1")]
    public void Slot_names_made_of_the_allowed_characters_are_accepted(string slot)
    {
        Assert.Null(Slot.Check(slot));
        Assert.Equal(slot, Slot.Parse(slot).Value);
        Assert.Null(new Slot(slot).Validate());
    }

    [Fact]
    public void A_slot_of_exactly_64_characters_is_accepted()
    {
        Assert.Null(Slot.Check(new string('s', 64)));
    }

    [Fact]
    public void A_slot_of_65_characters_is_rejected_naming_the_length_and_the_maximum()
    {
        Assert.Equal("is 65 characters long, longer than the maximum 64", Slot.Check(new string('s', 65)));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData(".", "must not be '.'")]
    [InlineData("..", "must not be '..'")]
    [InlineData("build/frontend", "contains '/' at position 6")]
    [InlineData("build frontend", "contains the character U+0020 at position 6")]
    [InlineData("build\nfrontend", "contains the character U+000A at position 6")]
    [InlineData("слот", "contains 'с' at position 1")]
    public void Bad_slot_names_are_rejected_naming_the_problem(string slot, string problem)
    {
        Assert.Equal(problem, Slot.Check(slot));
    }

    [Fact]
    public void A_null_slot_is_rejected_as_empty()
    {
        Assert.Equal("must not be empty", Slot.Check(null));
    }

    [Fact]
    public void Parse_throws_a_FormatException_naming_the_slot_the_problem_and_what_is_allowed()
    {
        var error = Assert.Throws<FormatException>(() => Slot.Parse("."));

        Assert.Equal($"slot '.' must not be '.' (allowed: {Allowed})", error.Message);
    }

    [Fact]
    public void Validate_reports_a_field_error_at_spec_slot_by_default()
    {
        var error = new Slot("a b").Validate();

        Assert.NotNull(error);
        Assert.Equal("spec.slot", error.Path);
        Assert.Equal("'a b' contains the character U+0020 at position 2", error.Problem);
        Assert.Equal(Allowed, error.Allowed);
    }

    [Fact]
    public void Validate_uses_the_given_path()
    {
        var error = new Slot("").Validate("query.slot");

        Assert.NotNull(error);
        Assert.Equal("query.slot", error.Path);
    }

    [Fact]
    public void Slots_with_the_same_name_are_equal_and_render_as_their_name()
    {
        Assert.Equal(new Slot("reports"), Slot.Parse("reports"));
        Assert.Equal("reports", new Slot("reports").ToString());
    }
}
