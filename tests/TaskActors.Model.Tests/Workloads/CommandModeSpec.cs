using TaskActors.Model.Common;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class CommandModeSpec
{
    private const string Path = "spec.workload.subprocess";

    [Fact]
    public void A_command_with_arguments_is_valid()
    {
        Assert.Empty(new CommandMode("dotnet", ValueList<string>.Of("report.dll", "--from", "")).Validate(Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void An_empty_or_blank_command_is_rejected_naming_command(string command)
    {
        var error = Assert.Single(new CommandMode(command, ValueList<string>.Empty).Validate(Path));

        Assert.Equal("spec.workload.subprocess.command", error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal("a program name or path", error.Allowed);
    }

    [Fact]
    public void An_argument_containing_NUL_is_rejected_naming_its_index()
    {
        var error = Assert.Single(new CommandMode("echo", ValueList<string>.Of("ok", "bad\0arg")).Validate(Path));

        Assert.Equal("spec.workload.subprocess.args[1]", error.Path);
        Assert.Equal("contains a NUL character", error.Problem);
        Assert.Equal("any text without NUL", error.Allowed);
    }

    [Fact]
    public void Every_bad_argument_and_the_command_are_reported_together()
    {
        var errors = new CommandMode("", ValueList<string>.Of("\0", "fine", "x\0")).Validate(Path).ToList();

        Assert.Equal(
            ["spec.workload.subprocess.command", "spec.workload.subprocess.args[0]", "spec.workload.subprocess.args[2]"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Commands_compare_by_value_including_their_arguments()
    {
        Assert.Equal(new CommandMode("echo", ValueList<string>.Of("a", "b")), new CommandMode("echo", ValueList<string>.Of("a", "b")));
        Assert.NotEqual(new CommandMode("echo", ValueList<string>.Of("a", "b")), new CommandMode("echo", ValueList<string>.Of("b", "a")));
    }
}
