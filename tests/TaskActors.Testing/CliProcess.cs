using System.Diagnostics;
namespace TaskActors.Testing;

/// <summary>Runs the built CLI (<c>dotnet TaskActors.Cli.dll ...</c>) as a process and captures its output.</summary>
public static class CliProcess
{
    /// <summary>How long one command may take before the test gives up on it (a cold start of the CLI can take seconds on a loaded machine).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>A CLI process left running (e.g. <c>run</c>), to be killed or awaited.</summary>
    public sealed class Running(Process process, Task<string> stdout, Task<string> stderr) : IDisposable
    {
        public int Pid => process.Id;

        public bool HasExited => process.HasExited;

        /// <summary>SIGKILL: no shutdown hooks, no graceful stop.</summary>
        public void KillHard() => process.Kill(entireProcessTree: false);

        /// <summary>SIGKILL to the process and its descendants.</summary>
        public void Kill() => process.Kill(entireProcessTree: true);

        public async Task<Result> WaitAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the CLI did not exit within {within}; stderr so far: {await stderr}");
            }

            return new Result(process.ExitCode, await stdout, await stderr);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    /// <summary>Starts the CLI and returns at once.</summary>
    public static Running Start(string workingDirectory, params string[] args) => Start(StartInfo(workingDirectory, ["dotnet", BuiltArtifacts.Cli, .. args]));

    /// <summary>Runs another program (e.g. <c>script</c> around the CLI) and captures its output.</summary>
    public static async Task<Result> RunProgramAsync(string workingDirectory, params string[] programAndArgs)
    {
        using var running = Start(StartInfo(workingDirectory, programAndArgs));
        return await running.WaitAsync(Patience);
    }

    private static Running Start(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new Running(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    public static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        using var running = Start(workingDirectory, args);
        return await running.WaitAsync(Patience);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] programAndArgs)
    {
        var start = new ProcessStartInfo(programAndArgs[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in programAndArgs[1..])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
