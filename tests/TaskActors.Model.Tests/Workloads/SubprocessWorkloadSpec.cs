using TaskActors.Model.Common;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class SubprocessWorkloadSpec
{
    private const string Path = "spec.workload";

    private static SubprocessWorkload WithCwd(string? cwd) => SubprocessWorkload.Command("dotnet", "report.dll") with { Cwd = cwd };

    [Fact]
    public void The_command_factory_uses_the_defaults()
    {
        var workload = SubprocessWorkload.Command("dotnet", "report.dll", "--all");

        Assert.Equal(new CommandMode("dotnet", ValueList<string>.Of("report.dll", "--all")), workload.Mode);
        Assert.Empty(workload.Env);
        Assert.Null(workload.Cwd);
        Assert.True(workload.FailOnNonZero);
        Assert.Equal("subprocess", workload.Kind);
        Assert.Empty(workload.Validate(Path));
    }

    [Fact]
    public void The_script_factory_encodes_the_script()
    {
        var workload = SubprocessWorkload.Script(ScriptRuntime.Node, "console.log(1)", "x");

        var mode = Assert.IsType<ScriptMode>(workload.Mode);
        Assert.Equal("console.log(1)", mode.DecodeBody());
        Assert.Equal(["x"], mode.Args);
        Assert.True(workload.FailOnNonZero);
        Assert.Empty(workload.Validate(Path));
    }

    [Fact]
    public void Fail_on_non_zero_defaults_to_true()
    {
        Assert.True(new SubprocessWorkload(new CommandMode("x", ValueList<string>.Empty), ValueList<EnvVar>.Empty, null).FailOnNonZero);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/srv/reports")]
    [InlineData("relative/dir")]
    [InlineData(@"C:\work")]
    public void A_missing_or_ordinary_cwd_is_valid(string? cwd)
    {
        Assert.Empty(WithCwd(cwd).Validate(Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/srv/\0evil")]
    public void An_empty_cwd_or_one_with_NUL_is_rejected_naming_cwd(string cwd)
    {
        var error = Assert.Single(WithCwd(cwd).Validate(Path));

        Assert.Equal("spec.workload.subprocess.cwd", error.Path);
        Assert.Equal("must be a non-empty path without NUL", error.Problem);
        Assert.Equal("a directory path, or omit it", error.Allowed);
    }

    [Fact]
    public void Mode_env_and_cwd_errors_are_reported_together_under_subprocess()
    {
        var workload = new SubprocessWorkload(
            new CommandMode(" ", ValueList<string>.Empty),
            ValueList<EnvVar>.Of(new EnvVar("A=1", "x")),
            "");

        var errors = workload.Validate(Path).ToList();

        Assert.Equal(
            ["spec.workload.subprocess.command", "spec.workload.subprocess.env[0].key", "spec.workload.subprocess.cwd"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Script_errors_are_reported_under_subprocess_script()
    {
        var workload = new SubprocessWorkload(new ScriptMode(ScriptRuntime.Bash, "", ValueList<string>.Empty), ValueList<EnvVar>.Empty, null);

        Assert.Equal("spec.workload.subprocess.script.body", Assert.Single(workload.Validate(Path)).Path);
    }

    [Fact]
    public void Workloads_compare_by_value()
    {
        Assert.Equal(SubprocessWorkload.Command("echo", "a"), SubprocessWorkload.Command("echo", "a"));
        Assert.NotEqual(SubprocessWorkload.Command("echo", "a"), SubprocessWorkload.Command("echo", "a") with { FailOnNonZero = false });
        Assert.Equal(SubprocessWorkload.Script(ScriptRuntime.Bash, "ls"), SubprocessWorkload.Script(ScriptRuntime.Bash, "ls"));
    }
}
