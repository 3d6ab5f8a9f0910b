using System.Diagnostics;
using System.Threading.Channels;

namespace TaskActors.Testing;

/// <summary>
/// One cluster node as a separate process (<c>tests/TaskActors.ClusterProbe</c>), so a spec can SIGKILL it or SIGSTOP
/// it like an operator or the kernel would. Its output lines are kept for <see cref="WaitForLine"/>; it is killed on
/// dispose if still running.
/// </summary>
public sealed class ProbeNode : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly Task<string> _errors;

    private ProbeNode(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                await _lines.Writer.WriteAsync(line).ConfigureAwait(false);
            }

            _lines.Writer.TryComplete();
        });
    }

    /// <summary>The node's name (recorded in run records and in the workload's log lines).</summary>
    public string Name { get; }

    /// <summary>The node's cluster port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts a node; <paramref name="seed"/> null = it forms the cluster; with <paramref name="submit"/> it submits that many tasks into <paramref name="workDir"/>.</summary>
    /// <remarks><paramref name="hocon"/>: the node's failure-detection settings instead of the probe's own (empty = the cluster overlay's defaults).</remarks>
    public static ProbeNode Start(string store, string name, int port, int? seed, int expectedNodes, string workDir, int submit = 0, string? hocon = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { BuiltArtifacts.ClusterProbe, store, name, port.ToString(System.Globalization.CultureInfo.InvariantCulture), seed is { } s ? $"127.0.0.1:{s}" : "-", expectedNodes.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (submit > 0)
        {
            start.ArgumentList.Add(workDir);
            start.ArgumentList.Add(submit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        start.Environment["TASKACTORS_PROBE_NODE"] = name;
        if (hocon is not null)
        {
            start.Environment["TASKACTORS_PROBE_HOCON"] = hocon;
        }

        return new ProbeNode(name, port, Process.Start(start) ?? throw new InvalidOperationException("could not start the cluster probe"));
    }

    /// <summary>A free TCP port on 127.0.0.1 (taken and released at once).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for an output line that satisfies <paramref name="match"/>; counts lines seen before too.</summary>
    public async Task WaitForLine(Func<string, bool> match, string what, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        if (_seen.Any(match))
        {
            return;
        }

        try
        {
            while (await _lines.Reader.WaitToReadAsync(deadline.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    _seen.Add(line);
                    if (match(line))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no '{what}' within {within}; last lines: {string.Join(" | ", _seen.TakeLast(5))}");
        }

        throw new InvalidOperationException($"{Name} exited before '{what}': {await _errors}");
    }

    /// <summary>SIGSTOP: the process freezes (its threads stop; its attempts' processes do not).</summary>
    public void Freeze() => Signal(19);

    /// <summary>SIGCONT: a frozen process runs again.</summary>
    public void Thaw() => Signal(18);

    /// <summary>Whether the process has ended (by itself, e.g. after being downed, or killed).</summary>
    public bool HasExited => _process.HasExited;

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGKILL: the process ends at once, without any shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
