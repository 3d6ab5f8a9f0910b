using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>What the specs of `serve` share: a free port, a command's JSON output, and waiting for a served node.</summary>
internal static class CliHttp
{
    /// <summary>A free TCP port on 127.0.0.1 (taken and released at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the command in <paramref name="directory"/> and parses its standard output as JSON; a non-zero exit fails the spec.</summary>
    public static async Task<JsonDocument> JsonOf(string directory, params string[] args)
    {
        var result = await CliProcess.RunAsync(directory, args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most <paramref name="seconds"/> seconds.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {seconds} s for {what}");
            }
        }
    }
}
