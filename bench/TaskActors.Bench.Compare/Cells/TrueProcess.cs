using System.Diagnostics;

namespace TaskActors.Bench.Compare.Cells;

/// <summary>The subprocess job of workload 4: start <c>true</c> (no shell, no redirection) and wait for it to exit.</summary>
public static class TrueProcess
{
    public const string Command = "true";

    public static void Run()
    {
        using var process = Process.Start(new ProcessStartInfo(Command) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start true");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"true exited with {process.ExitCode}");
    }

    public static async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(new ProcessStartInfo(Command) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start true");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"true exited with {process.ExitCode}");
    }
}
