using System.Diagnostics;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>Runs the built worker sample as a process in a temp folder and checks that every task ends as the sample expects.</summary>
public sealed class SampleSpec : IDisposable
{
    private readonly TempDirectory _directory = new("sample");

    [Fact]
    public async Task The_worker_sample_runs_its_tasks_to_their_expected_phases_and_exits()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltArtifacts.WorkerSample);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var sample = Process.Start(start) ?? throw new InvalidOperationException("could not start the sample");
        var output = sample.StandardOutput.ReadToEndAsync();
        var errors = sample.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await sample.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            sample.Kill(entireProcessTree: true);
            throw new TimeoutException($"the sample did not exit within 90 s; output so far:\n{await output}\n{await errors}");
        }

        var text = await output;
        Assert.True(sample.ExitCode == 0, $"exit code {sample.ExitCode}\n{text}\n{await errors}");
        foreach (var line in new[]
                 {
                     "ok greet: succeeded after 1 attempt(s)",
                     "ok greet-nobody: failed after 1 attempt(s)",
                     "ok flaky: succeeded after 3 attempt(s)",
                     "ok subprocess: succeeded after 1 attempt(s)",
                     "ok report-1: succeeded after 1 attempt(s)",
                     "ok report-2: succeeded after 1 attempt(s)",
                     "All tasks settled as expected.",
                 })
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }

        // The phases were logged as they changed (through the watch), e.g. the flaky task's retries.
        Assert.Contains("flaky: v3 AttemptFinished -> failed, attempt 1", text, StringComparison.Ordinal);
        Assert.Contains("report-2: submitted as reports-", text, StringComparison.Ordinal);
        Assert.True(File.Exists(_directory.File("data", "taskactors.db")), "the sample's store is not under its content root");
    }

    public void Dispose() => _directory.Dispose();
}
