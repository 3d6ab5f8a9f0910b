using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

public sealed class TaskIdSpec
{
    private const string Allowed = "1 to 256 characters from A-Z a-z 0-9 . _ -, not '.' or '..'";

    [Theory]
    [InlineData("build.frontend")]
    [InlineData("nightly-report")]
    [InlineData("a")]
    [InlineData("A_z-0.9")]
    [InlineData("...")]
    [InlineData(".hidden")]
    public void Ids_made_of_the_allowed_characters_are_accepted(string id)
    {
        Assert.Null(TaskId.Check(id));
        Assert.Equal(id, TaskId.Parse(id).Value);
        Assert.Null(new TaskId(id).Validate());
    }

    [Fact]
    public void An_id_of_exactly_256_characters_is_accepted()
    {
        var id = new string('a', 256);

        Assert.Null(TaskId.Check(id));
    }

    [Fact]
    public void An_id_of_257_characters_is_rejected_naming_the_length_and_the_maximum()
    {
        var id = new string('a', 257);

        Assert.Equal("is 257 characters long, longer than the maximum 256", TaskId.Check(id));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData(".", "must not be '.'")]
    [InlineData("..", "must not be '..'")]
    [InlineData("build/frontend", "contains '/' at position 6")]
    [InlineData("build frontend", "contains the character U+0020 at position 6")]
    [InlineData("build\nfrontend", "contains the character U+000A at position 6")]
    [InlineData("build\tfrontend", "contains the character U+0009 at position 6")]
    [InlineData("сборка", "contains 'с' at position 1")]
    [InlineData("job:1", "contains ':' at position 4")]
    [InlineData("job*", "contains '*' at position 4")]
    public void Bad_ids_are_rejected_naming_the_problem(string id, string problem)
    {
        Assert.Equal(problem, TaskId.Check(id));
    }

    [Fact]
    public void A_null_id_is_rejected_as_empty()
    {
        Assert.Equal("must not be empty", TaskId.Check(null));
    }

    [Fact]
    public void Parse_throws_a_FormatException_naming_the_id_the_problem_and_what_is_allowed()
    {
        var error = Assert.Throws<FormatException>(() => TaskId.Parse("a/b"));

        Assert.Equal($"task id 'a/b' contains '/' at position 2 (allowed: {Allowed})", error.Message);
    }

    [Fact]
    public void Validate_reports_a_field_error_at_metadata_id_by_default()
    {
        var error = new TaskId("").Validate();

        Assert.NotNull(error);
        Assert.Equal("metadata.id", error.Path);
        Assert.Equal("'' must not be empty", error.Problem);
        Assert.Equal(Allowed, error.Allowed);
    }

    [Fact]
    public void Validate_uses_the_given_path()
    {
        var error = new TaskId("..").Validate("items[3].metadata.id");

        Assert.NotNull(error);
        Assert.Equal("items[3].metadata.id", error.Path);
        Assert.Equal("'..' must not be '..'", error.Problem);
    }

    [Fact]
    public void The_constructor_does_not_validate()
    {
        var id = new TaskId("not valid/");

        Assert.Equal("not valid/", id.Value);
        Assert.Equal("not valid/", id.ToString());
    }

    [Fact]
    public void Ids_compare_by_ordinal_string_order()
    {
        Assert.True(new TaskId("B").CompareTo(new TaskId("a")) < 0);
        Assert.True(new TaskId("task-10").CompareTo(new TaskId("task-9")) < 0);
        Assert.True(new TaskId("task").CompareTo(new TaskId("task-1")) < 0);
        Assert.Equal(0, new TaskId("x").CompareTo(new TaskId("x")));
    }

    [Fact]
    public void Ids_with_the_same_text_are_equal()
    {
        Assert.Equal(new TaskId("job-1"), TaskId.Parse("job-1"));
        Assert.NotEqual(new TaskId("job-1"), new TaskId("Job-1"));
    }
}
