using System.Diagnostics;

namespace TaskActors.Hosting.Tests;

/// <summary>Runs the built worker sample as a process in a temp folder and checks that every task ends as the sample expects.</summary>
public sealed class SampleSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskactors-sample-").FullName;

    [Fact]
    public async Task The_worker_sample_runs_its_tasks_to_their_expected_phases_and_exits()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SamplePath());
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
        Assert.True(File.Exists(Path.Combine(_directory, "data", "taskactors.db")), "the sample's store is not under its content root");
    }

    private static string SamplePath()
    {
        // tests/TaskActors.Hosting.Tests/bin/<Configuration>/net10.0/ -> samples/TaskActors.Samples.Worker/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var sample = Path.Combine(repository, "samples", "TaskActors.Samples.Worker", "bin", configuration, framework, "TaskActors.Samples.Worker.dll");
        return File.Exists(sample) ? sample : throw new FileNotFoundException("build the worker sample first", sample);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temp folders
        }
    }
}
