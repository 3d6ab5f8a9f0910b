using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class ScriptRuntimeSpec
{
    private const string Path = "spec.workload.subprocess.script.runtime";

    [Fact]
    public void The_well_known_runtimes_are_bash_python_and_node()
    {
        Assert.Equal(["bash", "python", "node"], ScriptRuntime.WellKnownNames);
    }

    [Theory]
    [InlineData("bash", "bash", "-c")]
    [InlineData("python", "python3", "-c")]
    [InlineData("node", "node", "-e")]
    public void A_well_known_runtime_names_its_interpreter_and_flag(string name, string command, string flag)
    {
        var runtime = ScriptRuntime.WellKnown(name);

        Assert.NotNull(runtime);
        Assert.Equal(new ScriptRuntime(name, command, flag), runtime);
        Assert.False(runtime.IsCustom);
        Assert.Empty(runtime.Validate(Path));
    }

    [Fact]
    public void The_named_instances_are_the_well_known_ones()
    {
        Assert.Same(ScriptRuntime.Bash, ScriptRuntime.WellKnown("bash"));
        Assert.Same(ScriptRuntime.Python, ScriptRuntime.WellKnown("python"));
        Assert.Same(ScriptRuntime.Node, ScriptRuntime.WellKnown("node"));
    }

    [Theory]
    [InlineData("ruby")]
    [InlineData("custom")]
    [InlineData("Bash")]
    [InlineData("python3")]
    [InlineData("")]
    public void Other_names_are_not_well_known(string name)
    {
        Assert.Null(ScriptRuntime.WellKnown(name));
    }

    [Fact]
    public void A_custom_runtime_with_command_and_flag_is_valid()
    {
        var ruby = ScriptRuntime.Custom("ruby", "-e");

        Assert.True(ruby.IsCustom);
        Assert.Equal("custom", ruby.Name);
        Assert.Equal("ruby", ruby.Command);
        Assert.Equal("-e", ruby.Flag);
        Assert.Empty(ruby.Validate(Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_custom_runtime_with_an_empty_command_is_rejected_naming_custom_command(string command)
    {
        var error = Assert.Single(ScriptRuntime.Custom(command, "-e").Validate(Path));

        Assert.Equal("spec.workload.subprocess.script.runtime.custom.command", error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal("an interpreter program name or path", error.Allowed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t")]
    public void A_custom_runtime_with_an_empty_flag_is_rejected_naming_custom_flag(string flag)
    {
        var error = Assert.Single(ScriptRuntime.Custom("ruby", flag).Validate(Path));

        Assert.Equal("spec.workload.subprocess.script.runtime.custom.flag", error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal("the flag that takes the script text, e.g. -e", error.Allowed);
    }

    [Fact]
    public void A_custom_runtime_with_neither_command_nor_flag_gets_both_errors()
    {
        Assert.Equal(2, ScriptRuntime.Custom("", "").Validate(Path).Count());
    }
}
