using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>End-to-end: `serve` runs a node with the HTTP API; every other command reaches it with --server.</summary>
public sealed class CliServerSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskactors-cli-http-").FullName;

    [Fact]
    public async Task Serve_runs_the_API_and_run_get_list_events_cancel_and_delete_work_through_it_with_server()
    {
        var store = Path.Combine(_directory, "data", "served.db");
        var server = $"http://127.0.0.1:{CliHttp.FreePort()}";
        var manifest = Path.Combine(_directory, "tasks.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: remote-echo}
            spec: {slot: remote, workload: {handler: {name: echo, input: {via: http}}}}
            ---
            metadata: {id: remote-flaky}
            spec:
              slot: remote-flaky
              workload: {handler: {name: fail, input: {message: first try}}}
            """);

        using var serve = CliProcess.Start(_directory, "serve", "--store", store, "--http", server);
        await CliHttp.Eventually(async () => serve.HasExited || (await CliProcess.RunAsync(_directory, "list", "--server", server)).ExitCode == 0, "serve to answer");
        Assert.False(serve.HasExited, "serve exited early");

        var run = await CliProcess.RunAsync(_directory, "run", manifest, "--server", server, "--until-done", "-o", "json");
        Assert.Equal(1, run.ExitCode);    // every task settled, one of them failed: exit 1, as for a local run
        Assert.Contains("all 2 task(s) settled: 1 succeeded", run.Stderr, StringComparison.Ordinal);

        using (var list = await CliHttp.JsonOf(_directory, "list", "--server", server, "-o", "json"))
        {
            Assert.Equal(["remote-echo", "remote-flaky"], list.RootElement.EnumerateArray().Select(t => t.GetProperty("metadata").GetProperty("id").GetString()));
        }

        using (var get = await CliHttp.JsonOf(_directory, "get", "remote-echo", "--server", server, "-o", "json"))
        {
            Assert.Equal("succeeded", get.RootElement.GetProperty("status").GetProperty("phase").GetString());
        }

        var events = await CliProcess.RunAsync(_directory, "events", "remote-flaky", "--server", server, "-o", "yaml");
        Assert.True(events.ExitCode == 0, events.Stderr);
        Assert.Contains("manifest: attempt-finished.v1", events.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await CliProcess.RunAsync(_directory, "get", "nobody", "--server", server)).ExitCode);
        Assert.Equal(5, (await CliProcess.RunAsync(_directory, "cancel", "remote-echo", "--server", server)).ExitCode);   // already finished
        Assert.Equal(5, (await CliProcess.RunAsync(_directory, "delete", "remote-echo", "--server", server, "--expected-version", "1")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(_directory, "delete", "remote-echo", "--server", server)).ExitCode);

        // The served store is owned: a local write goes through serve's node too (its control socket).
        var rerun = await CliProcess.RunAsync(_directory, "rerun", "remote-flaky", "--store", store);
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);

        using (var stop = System.Diagnostics.Process.Start("kill", ["-TERM", serve.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync();
        }

        var ended = await serve.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ended.ExitCode == 0, $"serve: exit {ended.ExitCode}\n{ended.Stderr}");
        Assert.Contains($"at {server}", ended.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, (await CliProcess.RunAsync(_directory, "list", "--server", server)).ExitCode);   // nobody serves any more
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
