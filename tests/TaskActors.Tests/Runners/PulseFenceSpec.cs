using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TaskActors.Model.Attempts;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using TaskActors.Testing;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

/// <summary>
/// The pulse fence on real processes: a node process (the crash probe in its pulse mode) frozen with SIGSTOP has its
/// attempt's whole process group stopped by the supervisor within pulse-timeout + grace, while an attempt of a node
/// that keeps pulsing (this test process) runs on past the timeout; woken with SIGCONT the frozen node records its
/// attempt killed by a signal, with the fence's line on its stderr, and carries on (its next attempt is pulsed); a node
/// killed with SIGKILL still fences at once by end of file, long before the pulse timeout, pulse on or off, down to a
/// descendant that ignores SIGTERM.
/// </summary>
[Trait("Category", "Fencing")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PulseFenceSpec : IDisposable
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly TempDirectory _directory = new("pulse-fence");

    private string AttemptsLog => _directory.File("attempts.log");

    [Fact]
    public async Task A_frozen_nodes_attempt_group_is_killed_within_timeout_and_grace_while_a_pulsing_nodes_attempt_runs_on_and_the_woken_node_records_it_and_carries_on()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        var timeout = TimeSpan.FromSeconds(2);
        var grace = TimeSpan.FromSeconds(1); // the probe task's stopGracePeriodMs; attempt 1 leaves a child that ignores SIGTERM

        // This process is a pulsing node too: its attempt must outlive the timeout.
        using var pulse = new SupervisorPulse(interval, timeout);
        using var stopPulsed = new CancellationTokenSource();
        var pulsedMarker = _directory.File("pulsed-group");
        var pulsedRun = new SubprocessRunner().RunAsync(
            Attempt(SubprocessWorkload.Command("sh", "-c", $"set -- $(cat /proc/$$/stat); echo $5 > '{pulsedMarker}'; sleep 600 & wait")) with { Pulse = pulse },
            stopPulsed.Token);
        await Eventually.Until(() => File.Exists(pulsedMarker) && File.ReadAllText(pulsedMarker).EndsWith('\n'), "the pulsed attempt runs");
        var pulsedGroup = int.Parse(File.ReadAllText(pulsedMarker), CultureInfo.InvariantCulture);
        var pulsedSince = Stopwatch.StartNew(); // at most its age: the group existed before this

        using var probe = ProbeNode.Start(_directory, interval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture), timeout);
        var frozenGroup = await probe.GroupOfAttempt(1, AttemptsLog);
        Assert.NotEmpty(LiveMembersOf(frozenGroup));

        ProcessGroups.SignalProcess(probe.Pid, SigStop);
        var frozenFor = Stopwatch.StartNew();
        await Eventually.Until(() => LiveMembersOf(frozenGroup).Count == 0, "the frozen node's attempt group is gone", timeout + grace + TimeSpan.FromSeconds(20));
        var fencedAfter = frozenFor.Elapsed;

        // Never before the supervisor heard nothing for the timeout (the last byte came at most one interval before the freeze).
        Assert.True(fencedAfter >= timeout - interval, $"fenced {fencedAfter.TotalMilliseconds:0} ms after the freeze, before the {timeout.TotalMilliseconds:0} ms timeout");
        Assert.Equal('T', StateOf(probe.Pid)); // the node was frozen all along: its supervisor fenced it, not the node

        // The pulsing node's attempt is alive, longer than the timeout after it started.
        await Eventually.Until(() => pulsedSince.Elapsed > 2 * timeout || LiveMembersOf(pulsedGroup).Count == 0, "twice the timeout since the pulsed attempt started");
        Assert.NotEmpty(LiveMembersOf(pulsedGroup));
        Assert.False(pulsedRun.IsCompleted);
        Assert.True(pulse.Counts.Beats > 0);

        // Woken, the node records attempt 1 as killed by a signal with the fence's line, and carries on: attempt 2 runs pulsed.
        ProcessGroups.SignalProcess(probe.Pid, SigCont);
        var finished = await probe.Finished(1);
        Assert.Equal(("Failed", "SIGTERM"), (finished.GetProperty("outcome").GetString(), finished.GetProperty("signal").GetString()));
        Assert.StartsWith("killed by signal SIGTERM", finished.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains($"taskactors: node silent for {timeout.TotalSeconds:0}s, attempt fenced", finished.GetProperty("stderrTail").GetString(), StringComparison.Ordinal);

        var nextGroup = await probe.GroupOfAttempt(2, AttemptsLog);
        var nextSince = Stopwatch.StartNew();
        await Eventually.Until(() => nextSince.Elapsed > 2 * timeout || LiveMembersOf(nextGroup).Count == 0, "twice the timeout since attempt 2 started");
        Assert.NotEmpty(LiveMembersOf(nextGroup));
        Assert.False(probe.HasExited, "the node crashed after it woke: " + probe.Output);

        await stopPulsed.CancelAsync();
        var canceled = await pulsedRun.WaitAsync(Patience);
        Assert.Equal(AttemptResultKind.Canceled, canceled.Kind);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("off")]
    public async Task A_node_killed_with_SIGKILL_fences_its_whole_attempt_group_at_once_by_end_of_file_with_the_pulse_on_or_off(string pulseInterval)
    {
        // Attempt 1's shell dies of SIGTERM at once while a child of it ignores SIGTERM: the stop must still reach SIGKILL
        // after the supervisor (whose workload ended) is gone.
        var timeout = TimeSpan.FromSeconds(120);
        using var probe = ProbeNode.Start(_directory, pulseInterval, timeout);
        var group = await probe.GroupOfAttempt(1, AttemptsLog);
        Assert.NotEmpty(LiveMembersOf(group));

        probe.KillHard();
        var killedFor = Stopwatch.StartNew();
        await Eventually.Until(() => LiveMembersOf(group).Count == 0, "the killed node's attempt group is gone", TimeSpan.FromSeconds(30));

        Assert.True(killedFor.Elapsed < timeout, "the group waited for the pulse timeout instead of the end of file");
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Live (not zombie) processes of process group <paramref name="group"/>, from the process table.</summary>
    private static List<int> LiveMembersOf(int group)
    {
        var live = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                ProcessGroups.Stat(pid) is { IsZombie: false, ProcessGroup: var g } && g == group)
            {
                live.Add(pid);
            }
        }

        return live;
    }

    private static char StateOf(int pid) => ProcessGroups.Stat(pid)?.State ?? '?';

    /// <summary>The crash probe in its pulse mode, as a separate node process; killed when disposed.</summary>
    private sealed class ProbeNode : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private readonly Task<string> _errors;

        private ProbeNode(Process process)
        {
            _process = process;
            _errors = process.StandardError.ReadToEndAsync();
            _ = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (_lines)
                    {
                        _lines.Add(line);
                    }
                }
            });
        }

        public int Pid => _process.Id;

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines) + (_errors.IsCompleted ? "\n" + _errors.Result : string.Empty);
                }
            }
        }

        /// <summary>Starts the probe with the pulse every <paramref name="interval"/> milliseconds (<c>off</c>: no pulse).</summary>
        public static ProbeNode Start(TempDirectory directory, string interval, TimeSpan timeout)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
                     {
                         BuiltArtifacts.CrashProbe, "pulse", directory.StorePath(), directory.Path,
                         interval, timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
                     })
            {
                start.ArgumentList.Add(argument);
            }

            return new ProbeNode(Process.Start(start)!);
        }

        /// <summary>The process group attempt <paramref name="attempt"/> logged when it started.</summary>
        public async Task<int> GroupOfAttempt(int attempt, string log)
        {
            var prefix = $"start {attempt} ";
            string? line = null;
            await Eventually.Until(
                () => HasExited || (line = File.Exists(log) ? File.ReadAllLines(log).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null) is not null,
                $"attempt {attempt} of the probe's task runs",
                TimeSpan.FromSeconds(60));
            Assert.False(HasExited, "the probe exited: " + Output);
            return int.Parse(line![prefix.Length..], CultureInfo.InvariantCulture);
        }

        /// <summary>The probe's <c>finished</c> line of attempt <paramref name="attempt"/>.</summary>
        public async Task<JsonElement> Finished(int attempt)
        {
            JsonElement? found = null;
            await Eventually.Until(() =>
            {
                lock (_lines)
                {
                    found = _lines
                        .Where(l => l.StartsWith("finished ", StringComparison.Ordinal))
                        .Select(l => JsonDocument.Parse(l["finished ".Length..]).RootElement)
                        .Cast<JsonElement?>()
                        .FirstOrDefault(e => e!.Value.GetProperty("attempt").GetInt32() == attempt);
                }

                return found is not null || HasExited;
            }, $"the probe records attempt {attempt} as finished");
            Assert.True(found is not null, "the probe exited: " + Output);
            return found!.Value;
        }

        /// <summary>SIGKILL to the node alone (its attempts' supervisors are in sessions of their own).</summary>
        public void KillHard()
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                ProcessGroups.SignalProcess(_process.Id, SigCont);
                _process.Kill(entireProcessTree: false); // its attempts end by end of file
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
