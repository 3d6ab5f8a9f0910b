using System.Text.Json;

using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>End-to-end: demo, delete, rerun, output formats and the errors users meet.</summary>
public sealed class CliCommandsSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli");

    private string Store => _directory.File("store.db");

    [Fact]
    public async Task Demo_runs_the_showcase_and_every_check_holds()
    {
        var demo = await CliProcess.RunAsync(_directory.Path, "demo");
        Assert.True(demo.ExitCode == 0, $"exit {demo.ExitCode}\n{demo.Stdout}\n{demo.Stderr}");
        Assert.Contains("every check holds", demo.Stderr, StringComparison.Ordinal);
        foreach (var id in new[] { "flaky", "too-slow", "report-1", "report-2", "report-3", "deploy-v1", "deploy-v2", "heartbeat", "greet", "wasm-hello" })
        {
            Assert.Contains(id, demo.Stdout, StringComparison.Ordinal);
        }

        var store = demo.Stderr.Split('\n').First(l => l.StartsWith("demo store: ", StringComparison.Ordinal))["demo store: ".Length..].Trim();
        var flaky = await CliProcess.RunAsync(_directory.Path, "runs", "flaky", "--store", store, "-o", "json");
        using var runs = JsonDocument.Parse(flaky.Stdout);
        Assert.Equal(["failed", "failed", "succeeded"], runs.RootElement.EnumerateArray().Select(r => r.GetProperty("phase").GetString()));
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }

    [Fact]
    public async Task Delete_without_a_running_node_removes_the_task_and_its_history_and_rerun_asks_for_a_node()
    {
        var manifest = _directory.File("tasks.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: keep}
            spec: {slot: a, workload: {handler: {name: echo}}}
            ---
            metadata: {id: drop}
            spec: {slot: b, workload: {handler: {name: echo}}}
            """);
        Assert.Equal(0, (await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", Store, "--until-done")).ExitCode);

        var rerun = await CliProcess.RunAsync(_directory.Path, "rerun", "keep", "--store", Store);
        Assert.Equal(4, rerun.ExitCode);
        Assert.Contains("no node is running", rerun.Stderr, StringComparison.Ordinal);

        var delete = await CliProcess.RunAsync(_directory.Path, "delete", "drop", "--store", Store);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(3, (await CliProcess.RunAsync(_directory.Path, "get", "drop", "--store", Store)).ExitCode);
        Assert.Equal(3, (await CliProcess.RunAsync(_directory.Path, "events", "drop", "--store", Store)).ExitCode);
        Assert.Equal(3, (await CliProcess.RunAsync(_directory.Path, "delete", "drop", "--store", Store)).ExitCode);

        var yaml = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.Stderr);
        Assert.Contains("- apiVersion: taskactors/v1", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("id: keep", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("phase: succeeded", yaml.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("id: drop", yaml.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_on_a_missing_store_or_a_bad_id_say_what_is_wrong_and_create_nothing()
    {
        var events = await CliProcess.RunAsync(_directory.Path, "events", "nothing-here", "--store", Store);
        Assert.Equal(3, events.ExitCode);
        Assert.Contains("task 'nothing-here' not found", events.Stderr, StringComparison.Ordinal);

        var cancel = await CliProcess.RunAsync(_directory.Path, "cancel", "nothing-here", "--store", Store);
        Assert.Equal(3, cancel.ExitCode);
        Assert.False(File.Exists(Store), "read and write commands do not create a store");

        var bad = await CliProcess.RunAsync(_directory.Path, "get", "Not/An/Id", "--store", Store);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ID: 'Not/An/Id'", bad.Stderr, StringComparison.Ordinal);

        var format = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "xml");
        Assert.Equal(2, format.ExitCode);
    }

    [Fact]
    public async Task On_a_terminal_run_draws_a_live_table_that_ends_showing_every_task()
    {
        // `script` gives the command a pseudo-terminal, as an interactive shell would.
        var manifest = _directory.File("tasks.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: live-one}
            spec: {slot: a, workload: {handler: {name: sleep, input: {ms: 200}}}}
            ---
            metadata: {id: live-two}
            spec: {slot: b, workload: {subprocess: {command: "true"}}}
            """);
        var command = string.Join(' ', new[] { "dotnet", BuiltArtifacts.Cli, "run", manifest, "--store", Store, "--until-done" }.Select(a => $"'{a}'"));
        var tty = await CliProcess.RunProgramAsync(_directory.Path, "script", "-q", "-e", "-c", command, "/dev/null");

        Assert.True(tty.ExitCode == 0, $"exit {tty.ExitCode}\n{tty.Stdout}\n{tty.Stderr}");
        Assert.Contains("\u001b[?25l", tty.Stdout, StringComparison.Ordinal);   // the live display hides the cursor while it redraws
        var lastDrawing = tty.Stdout[tty.Stdout.LastIndexOf("ID ", StringComparison.Ordinal)..];
        Assert.Contains("live-one", lastDrawing, StringComparison.Ordinal);
        Assert.Contains("live-two", lastDrawing, StringComparison.Ordinal);
        Assert.DoesNotContain("Running", lastDrawing, StringComparison.Ordinal);
        Assert.Contains("Succeeded", lastDrawing, StringComparison.Ordinal);
        Assert.DoesNotContain(" v2 Running", tty.Stdout, StringComparison.Ordinal);   // no change lines on a terminal
    }

    public void Dispose() => _directory.Dispose();
}
