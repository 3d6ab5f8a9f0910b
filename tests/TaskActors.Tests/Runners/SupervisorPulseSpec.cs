using System.IO.Pipes;
using System.Runtime.InteropServices;
using TaskActors.Model.Attempts;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using TaskActors.Testing;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

/// <summary>
/// The node's pulse and the pulsed supervisor in this process: a pipe whose supervisor is not reading is skipped
/// without holding up the others, a pipe whose reader is gone is dropped without an exception; a pulsed attempt ends,
/// fails and is canceled exactly as an unpulsed one (no shell noise on its output) and runs under bash only when
/// pulsed; when the pulse stops the supervisor stops the attempt and says why on its stderr.
/// </summary>
[Trait("Category", "Fencing")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SupervisorPulseSpec
{
    private const int FSetPipeSize = 1031;
    private const int FGetPipeSize = 1032;

    private static SubprocessWorkload Sh(string script) => SubprocessWorkload.Command("/bin/sh", "-c", script);

    [Fact]
    public async Task A_full_pipe_is_skipped_at_every_beat_and_never_holds_up_the_beat_of_the_others()
    {
        using var full = new AnonymousPipeServerStream(PipeDirection.Out);
        using var fullReader = new AnonymousPipeClientStream(PipeDirection.In, full.ClientSafePipeHandle); // never read
        Assert.True(Fcntl(full.SafePipeHandle, FSetPipeSize, 4096) > 0);
        full.Write(new byte[Fcntl(full.SafePipeHandle, FGetPipeSize, 0)]); // exactly full
        using var live = new AnonymousPipeServerStream(PipeDirection.Out);
        using var liveReader = new AnonymousPipeClientStream(PipeDirection.In, live.ClientSafePipeHandle);
        var heard = 0;
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[64];
            int n;
            while ((n = await liveReader.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref heard, n);
            }
        });

        using (var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)))
        {
            using var fullBeat = pulse.Register(full);
            using var liveBeat = pulse.Register(live);
            await Eventually.Until(() => pulse.Counts.Skipped >= 5 && Volatile.Read(ref heard) >= 5, "five beats skipped on the full pipe and heard on the live one");

            Assert.Equal(2, pulse.Registered); // a full pipe is not a gone one
            Assert.Equal(0, pulse.Counts.Dropped);
        }

        live.Dispose();
        await reading.WaitAsync(Patience);
    }

    [Fact]
    public void A_pipe_whose_reader_is_gone_is_dropped_at_its_first_beat_without_an_exception()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        pipe.DisposeLocalCopyOfClientHandle(); // no reader left: a write fails with EPIPE
        using var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

        using var beat = pulse.Register(pipe);

        Assert.Equal((0L, 0L, 1L), pulse.Counts);
        Assert.Equal(0, pulse.Registered);
    }

    [Fact]
    public async Task A_pulsed_attempt_exits_fails_and_reports_its_output_exactly_as_an_unpulsed_one()
    {
        using var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        var runner = new SubprocessRunner();
        foreach (var script in new[] { "echo out; echo err >&2; exit 3", "echo fine", "kill -KILL $$", "kill -TERM $$", "sleep 0.3 & echo bye >&2" })
        {
            var plain = await runner.RunAsync(Attempt(Sh(script)), CancellationToken.None).WaitAsync(Patience);
            var pulsed = await runner.RunAsync(Attempt(Sh(script)) with { Pulse = pulse }, CancellationToken.None).WaitAsync(Patience);

            // The one difference: dash, the unpulsed supervisor, notes "Killed" or "Terminated" on the workload's
            // stderr when a signal ended it; the pulsed one (bash, its own stderr on /dev/null) adds nothing.
            Assert.Equal(
                (plain.Kind, plain.ExitCode, plain.Error, plain.Signal, plain.StdoutTail, WithoutJobNotes(plain.StderrTail)),
                (pulsed.Kind, pulsed.ExitCode, pulsed.Error, pulsed.Signal, pulsed.StdoutTail, pulsed.StderrTail ?? string.Empty));
        }

        Assert.Equal(0, pulse.Registered); // every attempt let go of its pipe
    }

    [Fact]
    public async Task A_pulsed_attempt_is_stopped_politely_on_cancel_as_an_unpulsed_one()
    {
        using var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        using var directory = new TempDirectory("pulse-cancel");
        var ready = directory.File("ready");
        using var cancel = new CancellationTokenSource();
        var run = new SubprocessRunner().RunAsync(
            Attempt(Sh($"trap 'echo cleaned; exit 0' TERM; touch {ready}; sleep 600 & wait")) with { Pulse = pulse, StopGracePeriod = TimeSpan.FromSeconds(30) },
            cancel.Token);
        await Eventually.Until(() => File.Exists(ready), "the trap is set");

        await cancel.CancelAsync();
        var result = await run.WaitAsync(Patience);

        Assert.Equal((AttemptResultKind.Canceled, "SIGTERM", "cleaned\n"), (result.Kind, result.Signal, result.StdoutTail));
    }

    [Theory]
    [InlineData(true, "/bin/bash")]
    [InlineData(false, "/bin/sh")]
    public async Task The_supervisor_runs_under_bash_only_when_the_node_pulses(bool pulsed, string shell)
    {
        using var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        var context = Attempt(Sh("tr '\\0' '\\n' < /proc/$PPID/cmdline | head -n 1")) with { Pulse = pulsed ? pulse : null };

        var result = await new SubprocessRunner().RunAsync(context, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(shell + "\n", result.StdoutTail); // the workload's parent: its supervisor
    }

    [Fact]
    public async Task When_the_pulse_stops_the_supervisor_stops_the_attempt_after_the_timeout_and_says_so_on_its_stderr()
    {
        var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(600));
        using var directory = new TempDirectory("pulse-silence");
        var ready = directory.File("ready");
        var run = new SubprocessRunner().RunAsync(
            Attempt(Sh($"echo working >&2; touch {ready}; sleep 600 & wait")) with { Pulse = pulse },
            CancellationToken.None);
        await Eventually.Until(() => File.Exists(ready), "the attempt runs");

        pulse.Dispose(); // this node falls silent while its runner waits
        var result = await run.WaitAsync(Patience);

        Assert.Equal((AttemptResultKind.Failed, "SIGTERM"), (result.Kind, result.Signal));
        Assert.Equal("working\ntaskactors: node silent for 0.6s, attempt fenced\n", result.StderrTail);
    }

    private static string WithoutJobNotes(string? tail) =>
        string.Concat((tail ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line is not ("Killed" or "Terminated")).Select(line => line + "\n"));

    // A plain DllImport: this test project does not allow unsafe code, which LibraryImport needs.
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(SafeHandle fd, int command, int argument);
}
