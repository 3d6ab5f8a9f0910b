using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

/// <summary>What is particular to task ids; their format is <see cref="IdentifierRulesSpec"/>'s.</summary>
public sealed class TaskIdSpec
{
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
