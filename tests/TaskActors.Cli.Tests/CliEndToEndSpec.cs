using System.Text.Json;

using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>End-to-end: the built <c>taskactors</c> command against temporary stores.</summary>
public sealed class CliEndToEndSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli");

    private string Store => _directory.File("data", "store.db");

    [Fact]
    public async Task Run_until_done_exits_0_and_list_json_shows_both_tasks_succeeded()
    {
        var manifest = _directory.File("tasks.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: shell-true}
            spec:
              slot: a
              workload:
                subprocess: {command: "true"}
            ---
            metadata: {id: say-hello}
            spec:
              slot: b
              workload:
                handler: {name: echo, input: {hello: world}}
            """);

        var run = await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", Store, "--until-done");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("shell-true", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("say-hello", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", await File.ReadAllTextAsync(Store + ".lock")); // the owner record is cleared on exit (the file stays: never delete a lock file)

        var list = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        using var json = JsonDocument.Parse(list.Stdout);
        var tasks = json.RootElement.EnumerateArray()
            .ToDictionary(t => t.GetProperty("metadata").GetProperty("id").GetString()!, t => t.GetProperty("status").GetProperty("phase").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["say-hello"] = "succeeded", ["shell-true"] = "succeeded" }, tasks);
    }

    [Fact]
    public async Task Run_finds_a_wasm_tasks_module_in_the_modules_directory_and_records_its_output()
    {
        var modules = Directory.CreateDirectory(_directory.File("modules")).FullName;
        File.Copy(Path.Combine(BuiltArtifacts.RepositoryRoot, "samples", "wasm", "hello.wat"), Path.Combine(modules, "hello.wat"));
        var manifest = _directory.File("wasm.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: wasm-1}
            spec:
              slot: w
              workload:
                wasm: {module: hello.wat, args: [one, "two words"]}
            """);

        var run = await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", Store, "--until-done", "--modules", modules);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");

        var runs = await CliProcess.RunAsync(_directory.Path, "runs", "wasm-1", "--store", Store, "-o", "json");
        using var json = JsonDocument.Parse(runs.Stdout);
        var only = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("wasm", only.GetProperty("runner").GetString());
        Assert.Equal("hello from WebAssembly one two words\n", only.GetProperty("stdoutTail").GetString());
    }

    [Fact]
    [Trait("Invariant", "10")]
    public async Task Invalid_manifest_reports_every_error_with_its_line_and_submits_nothing()
    {
        var manifest = _directory.File("bad.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: good-one}
            spec:
              slot: a
              workload:
                subprocess: {command: "true"}
            ---
            metadata: {id: bad-one}
            spec:
              slot: a
              workload:
                subprocess: {command: "true"}
              timeoutMs: -5
              admission: sometimes
            """);

        var run = await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", Store, "--until-done");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:12:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.timeoutMs", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:13:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.admission", run.Stderr, StringComparison.Ordinal);

        // Nothing was submitted: not even the store was made, and list says so.
        var list = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "json");
        Assert.True(list.ExitCode == 3, list.Stderr);
        Assert.Contains($"no store at {Path.GetFullPath(Store)}", list.Stderr, StringComparison.Ordinal);
        Assert.Equal("", list.Stdout);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_exits_3_with_a_clear_message()
    {
        var get = await CliProcess.RunAsync(_directory.Path, "get", "no-such-task", "--store", Store);
        Assert.Equal(3, get.ExitCode);
        Assert.Contains("task 'no-such-task' not found", get.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
