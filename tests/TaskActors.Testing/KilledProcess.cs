using System.Diagnostics;

namespace TaskActors.Testing;

/// <summary>
/// Runs a built program (<c>dotnet &lt;dll&gt; args</c>, e.g. a probe from <see cref="BuiltArtifacts"/>) that reports
/// on standard output, and kills it with SIGKILL — no shutdown hook, no flush, no checkpoint — as soon as a line tells
/// that it has done enough. The crash specs then check what survived in its store.
/// </summary>
public static class KilledProcess
{
    /// <summary>
    /// Starts <paramref name="dll"/> with <paramref name="arguments"/>, hands each output line to
    /// <paramref name="onLine"/> (one at a time, in order) and kills the process once it returns true. Throws when the
    /// program exits first (with its standard error) or nothing says "enough" within <paramref name="within"/>; the
    /// process is killed in every case, so none outlives the test.
    /// </summary>
    public static async Task RunUntilKilled(string dll, IEnumerable<string> arguments, Func<string, bool> onLine, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(onLine);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var errors = process.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (onLine(line))
                {
                    enough.TrySetResult();
                }
            }

            enough.TrySetException(new InvalidOperationException($"{Path.GetFileName(dll)} exited before it was killed: {await errors.ConfigureAwait(false)}"));
        });

        try
        {
            await enough.Task.WaitAsync(within).ConfigureAwait(false);
        }
        finally
        {
            process.Kill(); // SIGKILL on Unix
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        await reading.ConfigureAwait(false);
    }
}
