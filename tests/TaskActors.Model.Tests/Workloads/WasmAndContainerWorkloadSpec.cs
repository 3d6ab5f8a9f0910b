using TaskActors.Model.Common;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class WasmAndContainerWorkloadSpec
{
    private const string Path = "spec.workload";

    private static WasmWorkload Wasm(string module, params EnvVar[] env) =>
        new(module, ValueList<string>.Of("--verbose"), ValueList<EnvVar>.From(env));

    private static ContainerWorkload Container(string image, params EnvVar[] env) =>
        new(image, ValueList<string>.Of("sh", "-c"), ValueList<string>.Of("echo hi"), ValueList<EnvVar>.From(env));

    [Fact]
    public void A_wasm_module_path_is_valid()
    {
        var wasm = Wasm("jobs/report.wasm", new EnvVar("LEVEL", "info"));

        Assert.Equal("wasm", wasm.Kind);
        Assert.Empty(wasm.Validate(Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_wasm_module_is_rejected_naming_module(string module)
    {
        var error = Assert.Single(Wasm(module).Validate(Path));

        Assert.Equal("spec.workload.wasm.module", error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal("the path of a .wasm module (or a .wat text module)", error.Allowed);
    }

    [Fact]
    public void Wasm_env_is_validated_under_wasm_env()
    {
        var errors = Wasm("", new EnvVar("OK", "1"), new EnvVar("", "x")).Validate(Path).ToList();

        Assert.Equal(["spec.workload.wasm.module", "spec.workload.wasm.env[1].key"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_wasm_workload_without_cwd_or_memory_limit_gets_no_file_system_and_the_node_default()
    {
        var wasm = Wasm("job.wasm");

        Assert.Null(wasm.Cwd);
        Assert.Null(wasm.MemoryLimitMiB);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("dir\0name")]
    public void A_blank_wasm_cwd_is_rejected_naming_cwd(string cwd)
    {
        var error = Assert.Single((Wasm("job.wasm") with { Cwd = cwd }).Validate(Path));

        Assert.Equal("spec.workload.wasm.cwd", error.Path);
        Assert.Equal("a host directory path, or omit it for no file system access", error.Allowed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(WasmWorkload.MaxMemoryLimitMiB + 1)]
    public void A_wasm_memory_limit_out_of_range_is_rejected_with_the_range(int limit)
    {
        var error = Assert.Single((Wasm("job.wasm") with { MemoryLimitMiB = limit }).Validate(Path));

        Assert.Equal("spec.workload.wasm.memoryLimitMiB", error.Path);
        Assert.Equal($"{limit} is out of range", error.Problem);
        Assert.Equal("an integer from 1 to 65536, or omit it for the node's default", error.Allowed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(WasmWorkload.MaxMemoryLimitMiB)]
    public void A_wasm_memory_limit_within_range_is_valid(int limit)
    {
        Assert.Empty((Wasm("job.wasm") with { MemoryLimitMiB = limit, Cwd = "/srv/job" }).Validate(Path));
    }

    [Theory]
    [InlineData("alpine:3.20")]
    [InlineData("ghcr.io/org/app@sha256:0123abcd")]
    public void A_container_image_reference_is_valid(string image)
    {
        var container = Container(image);

        Assert.Equal("container", container.Kind);
        Assert.Empty(container.Validate(Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    public void An_empty_container_image_is_rejected_naming_image(string image)
    {
        var error = Assert.Single(Container(image).Validate(Path));

        Assert.Equal("spec.workload.container.image", error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal("an image reference such as alpine:3.20", error.Allowed);
    }

    [Theory]
    [InlineData("alpine: 3")]
    [InlineData(" alpine")]
    [InlineData("alpine\n")]
    public void A_container_image_with_white_space_is_rejected_naming_image(string image)
    {
        var error = Assert.Single(Container(image).Validate(Path));

        Assert.Equal("spec.workload.container.image", error.Path);
        Assert.Equal($"'{image}' contains white space", error.Problem);
    }

    [Fact]
    public void Container_env_is_validated_under_container_env()
    {
        var error = Assert.Single(Container("alpine", new EnvVar("K", "\0")).Validate(Path));

        Assert.Equal("spec.workload.container.env[0].value", error.Path);
    }

    [Fact]
    public void Wasm_and_container_workloads_compare_by_value()
    {
        Assert.Equal(Wasm("a.wasm"), Wasm("a.wasm"));
        Assert.NotEqual(Wasm("a.wasm"), Wasm("b.wasm"));
        Assert.Equal(Container("alpine"), Container("alpine"));
        Assert.NotEqual(Container("alpine"), Container("alpine") with { Command = ValueList<string>.Empty });
    }
}
