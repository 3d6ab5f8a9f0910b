using TaskActors.Model.Common;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class EnvVarSpec
{
    private const string Path = "spec.workload.subprocess.env";

    [Fact]
    public void Ordinary_variables_are_valid_including_empty_values_and_repeated_keys()
    {
        var env = ValueList<EnvVar>.Of(new EnvVar("PATH", "/usr/bin"), new EnvVar("EMPTY", ""), new EnvVar("PATH", "/bin"), new EnvVar("with space", "a=b c"));

        Assert.Empty(EnvVar.Validate(env, Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("=")]
    [InlineData("A\0B")]
    public void A_bad_key_is_rejected_naming_its_index(string key)
    {
        var env = ValueList<EnvVar>.Of(new EnvVar("OK", "1"), new(key, "v"));

        var error = Assert.Single(EnvVar.Validate(env, Path));

        Assert.Equal("spec.workload.subprocess.env[1].key", error.Path);
        Assert.Equal($"'{key}' is not a valid environment variable name", error.Problem);
        Assert.Equal("a non-empty name without '=' or NUL", error.Allowed);
    }

    [Fact]
    public void A_value_containing_NUL_is_rejected_naming_its_index()
    {
        var error = Assert.Single(EnvVar.Validate(ValueList<EnvVar>.Of(new EnvVar("K", "a\0b")), Path));

        Assert.Equal("spec.workload.subprocess.env[0].value", error.Path);
        Assert.Equal("contains a NUL character", error.Problem);
        Assert.Equal("any text without NUL", error.Allowed);
    }

    [Fact]
    public void A_bad_key_and_a_bad_value_of_one_variable_are_both_reported()
    {
        var errors = EnvVar.Validate(ValueList<EnvVar>.Of(new EnvVar("=", "\0")), Path).ToList();

        Assert.Equal([$"{Path}[0].key", $"{Path}[0].value"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Merge_lets_the_last_entry_win_within_a_list()
    {
        var merged = EnvVar.Merge([new("A", "1"), new EnvVar("B", "x"), new EnvVar("A", "2")], []);

        Assert.Equal("2", merged["A"]);
        Assert.Equal("x", merged["B"]);
        Assert.Equal(2, merged.Count);
    }

    [Fact]
    public void Merge_lets_the_runner_win_over_the_task()
    {
        var task = new EnvVar[] { new("MODE", "task"), new EnvVar("ONLY_TASK", "t"), new EnvVar("LEVEL", "debug") };
        var runner = new EnvVar[] { new("LEVEL", "info"), new EnvVar("ONLY_RUNNER", "r"), new EnvVar("MODE", "runner-1"), new EnvVar("MODE", "runner-2") };

        var merged = EnvVar.Merge(task, runner);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["LEVEL"] = "info",
                ["MODE"] = "runner-2",
                ["ONLY_RUNNER"] = "r",
                ["ONLY_TASK"] = "t",
            },
            merged);
    }

    [Fact]
    public void Merge_keys_are_case_sensitive_and_ordered_ordinally()
    {
        var merged = EnvVar.Merge([new("path", "task"), new EnvVar("b", "1")], [new("PATH", "runner")]);

        Assert.Equal(["PATH", "b", "path"], merged.Keys);
        Assert.Equal("task", merged["path"]);
    }

    [Fact]
    public void Merge_of_nothing_is_empty()
    {
        Assert.Empty(EnvVar.Merge([], []));
    }
}
