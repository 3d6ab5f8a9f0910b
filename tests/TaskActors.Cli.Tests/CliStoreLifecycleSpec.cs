using System.Text.Json;

using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>End-to-end: a `run` killed mid-flight and resumed, and the other commands working beside a running `run`.</summary>
public sealed class CliStoreLifecycleSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli");

    private string Store => _directory.File("data", "store.db");

    [Fact]
    public async Task A_run_killed_with_SIGKILL_resumes_on_the_next_run_and_every_task_completes_with_its_history()
    {
        var started = _directory.File("started.pid");
        var manifest = _directory.File("tasks.yaml");
        await File.WriteAllTextAsync(manifest, $$$"""
            metadata: {id: long-one}
            spec:
              slot: a
              workload:
                subprocess:
                  command: sh
                  args: ["-c", "if [ -f '{{{started}}}' ]; then exit 0; fi; echo $$ > '{{{started}}}.tmp'; mv '{{{started}}}.tmp' '{{{started}}}'; exec sleep 60"]
              restart: {type: onFailure}
              backoff: {jitter: none, firstMs: 10, maxMs: 10, factor: 1}
            ---
            metadata: {id: queued-behind}
            spec:
              slot: a
              admission: queue
              workload:
                handler: {name: echo, input: {after: long-one}}
              restart: {type: onFailure}
            ---
            metadata: {id: quick}
            spec:
              slot: c
              workload:
                subprocess: {command: "true"}
              restart: {type: onFailure}
            """);

        // Every task restarts on failure: an attempt the kill interrupts is closed as Failed (interrupted) at the next
        // start and its restart policy decides, so with `never` it would end there.
        using (var first = CliProcess.Start(_directory.Path, "run", manifest, "--store", Store, "--until-done"))
        {
            // Killed once every submission is acknowledged (in the store) and long-one's first attempt runs.
            await Eventually.Until(async () => first.HasExited || (File.Exists(started) && await CountAsync() == 3), "all three submitted and long-one running", CliProcess.Patience);
            Assert.False(first.HasExited, "run exited before it was killed");
            first.KillHard();
            await first.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // The attempt's supervisor stops its process group when the node dies; killing it again is harmless.
        KillQuietly(int.Parse((await File.ReadAllTextAsync(started)).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"program\":\"taskactors run\"", await File.ReadAllTextAsync(Store + ".lock"), StringComparison.Ordinal); // a SIGKILLed owner leaves its record; the kernel released its lock

        var resumed = await CliProcess.RunAsync(_directory.Path, "run", "--store", Store, "--until-done");
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}\n{resumed.Stdout}\n{resumed.Stderr}");

        var list = await JsonOf("list", "--store", Store, "-o", "json");
        Assert.Equal(
            ["long-one:succeeded", "queued-behind:succeeded", "quick:succeeded"],
            list.RootElement.EnumerateArray().Select(t => $"{t.GetProperty("metadata").GetProperty("id").GetString()}:{t.GetProperty("status").GetProperty("phase").GetString()}"));

        var runs = await JsonOf("runs", "long-one", "--store", Store, "-o", "json");
        var attempts = runs.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("failed", attempts[0].GetProperty("phase").GetString());
        Assert.Equal("interrupted: node stopped during attempt", attempts[0].GetProperty("error").GetString());
        Assert.Equal("succeeded", attempts[1].GetProperty("phase").GetString());

        var events = await JsonOf("events", "long-one", "--store", Store, "-o", "json");
        var manifests = events.RootElement.EnumerateArray().Select(e => e.GetProperty("manifest").GetString()).ToList();
        Assert.Equal(
            ["task-created.v1", "attempt-started.v1", "attempt-process-started.v1", "attempt-finished.v1", "retry-scheduled.v1",
             "attempt-started.v1", "attempt-process-started.v1", "attempt-finished.v1"],
            manifests);
        Assert.Equal(
            Enumerable.Range(1, manifests.Count).Select(v => (long)v),
            events.RootElement.EnumerateArray().Select(e => e.GetProperty("resourceVersion").GetInt64()));

        // The queued task was admitted only after long-one ended, on the second run.
        var queuedRuns = await JsonOf("runs", "queued-behind", "--store", Store, "-o", "json");
        var queuedStart = queuedRuns.RootElement[0].GetProperty("startedAt").GetDateTimeOffset();
        Assert.True(queuedStart >= attempts[1].GetProperty("finishedAt").GetDateTimeOffset(), "queued-behind started before long-one ended");
    }

    [Fact]
    public async Task While_a_run_owns_the_store_reads_work_and_cancel_goes_through_its_node()
    {
        var manifest = _directory.File("tasks.yaml");
        await File.WriteAllTextAsync(manifest, """
            metadata: {id: sleeper}
            spec:
              slot: s
              workload:
                subprocess: {command: sleep, args: ["60"]}
            ---
            metadata: {id: done-one}
            spec:
              slot: d
              workload:
                subprocess: {command: "true"}
            """);

        using var run = CliProcess.Start(_directory.Path, "run", manifest, "--store", Store, "--until-done");
        await Eventually.Until(async () => run.HasExited || await PhaseOf("sleeper") == "running", "sleeper to be running", CliProcess.Patience);
        Assert.False(run.HasExited);

        var list = await JsonOf("list", "--store", Store, "-o", "json");
        Assert.Equal(2, list.RootElement.GetArrayLength());
        var events = await CliProcess.RunAsync(_directory.Path, "events", "sleeper", "--store", Store, "-o", "yaml");
        Assert.True(events.ExitCode == 0, events.Stderr);
        Assert.Contains("manifest: attempt-started.v1", events.Stdout, StringComparison.Ordinal);

        var stale = await CliProcess.RunAsync(_directory.Path, "cancel", "sleeper", "--store", Store, "--expected-version", "1");
        Assert.Equal(5, stale.ExitCode);
        Assert.Contains("resourceVersion", stale.Stderr, StringComparison.Ordinal);

        var cancel = await CliProcess.RunAsync(_directory.Path, "cancel", "sleeper", "--store", Store, "--reason", "stopped by the e2e test", "-o", "json");
        Assert.True(cancel.ExitCode == 0, $"exit {cancel.ExitCode}: {cancel.Stderr}");
        using (var canceled = JsonDocument.Parse(cancel.Stdout))
        {
            Assert.Equal("canceled", canceled.RootElement.GetProperty("status").GetProperty("phase").GetString());
        }

        // Everything is settled now, not all Succeeded: the run exits 1 on its own.
        var ended = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ended.ExitCode == 1, $"exit {ended.ExitCode}\n{ended.Stderr}");
        Assert.Contains("sleeper v", ended.Stdout, StringComparison.Ordinal);
        Assert.Contains("Canceled", ended.Stdout, StringComparison.Ordinal);
        Assert.Equal("", await File.ReadAllTextAsync(Store + ".lock"));
        Assert.Equal("canceled", await PhaseOf("sleeper"));
    }

    public void Dispose() => _directory.Dispose();

    private async Task<int> CountAsync()
    {
        var list = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "json");
        using var json = JsonDocument.Parse(list.Stdout);
        return json.RootElement.GetArrayLength();
    }

    private async Task<string?> PhaseOf(string id)
    {
        var get = await CliProcess.RunAsync(_directory.Path, "get", id, "--store", Store, "-o", "json");
        if (get.ExitCode != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(get.Stdout);
        return json.RootElement.GetProperty("status").GetProperty("phase").GetString();
    }

    private async Task<JsonDocument> JsonOf(params string[] args)
    {
        var result = await CliProcess.RunAsync(_directory.Path, args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
    }
}
