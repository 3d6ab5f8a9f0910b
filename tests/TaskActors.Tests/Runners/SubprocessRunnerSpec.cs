using System.Globalization;
using TaskActors.Model.Attempts;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;
using TaskActors.Runners;
using TaskActors.Testing;
using static TaskActors.Tests.Runners.RunnerTestKit;

namespace TaskActors.Tests.Runners;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SubprocessRunnerSpec
{
    private readonly SubprocessRunner _runner = new();

    private static SubprocessWorkload Sh(string script, params string[] args) =>
        SubprocessWorkload.Command("/bin/sh", ["-c", script, "sh", .. args]);

    private Task<AttemptResult> RunAsync(SubprocessWorkload workload, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(Attempt(workload), cancellationToken).WaitAsync(Patience);

    [Fact]
    public async Task A_command_that_exits_zero_succeeds_with_its_pid_and_output()
    {
        var result = await RunAsync(Sh("echo hello; echo oops >&2"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Error);
        Assert.Null(result.Signal);
        Assert.True(result.Pid > 0);
        Assert.Equal("hello\n", result.StdoutTail);
        Assert.Equal("oops\n", result.StderrTail);
    }

    [Theory]
    [InlineData("false", new string[0], 1)]
    [InlineData("/bin/sh", new[] { "-c", "exit 3" }, 3)]
    [InlineData("/bin/sh", new[] { "-c", "exit 255" }, 255)]
    public async Task A_non_zero_exit_fails_with_the_exit_code(string command, string[] args, int code)
    {
        var result = await RunAsync(SubprocessWorkload.Command(command, args));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(code, result.ExitCode);
        Assert.Equal($"exit code {code}", result.Error);
        Assert.Null(result.Signal);
    }

    [Fact]
    public async Task A_non_zero_exit_succeeds_with_the_code_recorded_when_failOnNonZero_is_false()
    {
        var result = await RunAsync(Sh("echo done; exit 7") with { FailOnNonZero = false });

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(7, result.ExitCode);
        Assert.Null(result.Error);
        Assert.Equal("done\n", result.StdoutTail);
    }

    [Fact]
    public async Task Arguments_are_passed_literally_one_by_one_without_a_shell()
    {
        string[] args = ["a b", "it's", "\"quoted\"", "$HOME", "*", "", "; rm -rf /", "tab\there"];

        var result = await RunAsync(SubprocessWorkload.Command("printf", ["[%s]\\n", .. args]));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(string.Concat(args.Select(a => $"[{a}]\n")), result.StdoutTail);
    }

    [Fact]
    public async Task The_process_gets_the_node_env_then_task_env_then_runner_env_then_the_attempt_variables()
    {
        Environment.SetEnvironmentVariable("TASKACTORS_SPEC_INHERITED", "from-node");
        var runner = new SubprocessRunner(env: [new EnvVar("C", "runner"), new EnvVar("D", "runner-1"), new EnvVar("D", "runner-2")]);
        var workload = Sh("echo \"$TASKACTORS_SPEC_INHERITED|$A|$B|$C|$D|$TASKACTORS_TASK_ID|$TASKACTORS_ATTEMPT\"") with
        {
            Env = ValueList<EnvVar>.Of(
                new EnvVar("A", "task"),
                new EnvVar("B", "task-first"),
                new EnvVar("B", "task-last"),
                new EnvVar("C", "task"),
                new EnvVar("TASKACTORS_TASK_ID", "spoofed"),
                new EnvVar("TASKACTORS_ATTEMPT", "99")),
        };

        var result = await runner.RunAsync(Attempt(workload, taskId: "invoice-42", attempt: 3), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("from-node|task|task-last|runner|runner-2|invoice-42|3\n", result.StdoutTail);
    }

    [Fact]
    public async Task The_process_runs_in_the_given_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("taskactors-cwd-");
        try
        {
            var result = await RunAsync(SubprocessWorkload.Command("pwd") with { Cwd = directory.FullName });

            Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
            Assert.Equal(directory.FullName + "\n", result.StdoutTail);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_working_directory_fails_the_attempt_without_starting()
    {
        var result = await RunAsync(SubprocessWorkload.Command("true") with { Cwd = "/nonexistent/taskactors-cwd" });

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal("working directory '/nonexistent/taskactors-cwd' does not exist", result.Error);
        Assert.Null(result.Pid);
    }

    [Fact]
    public async Task Output_tails_keep_only_the_last_bytes_of_large_output_without_blocking_the_child()
    {
        var runner = new SubprocessRunner(tailBytes: 1024);
        var workload = Sh(
            "head -c 100000 /dev/zero | tr '\\0' a; printf END; " +
            "head -c 200000 /dev/zero | tr '\\0' b >&2; printf ERR >&2");

        var result = await runner.RunAsync(Attempt(workload), default).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal(new string('a', 1021) + "END", result.StdoutTail);
        Assert.Equal(new string('b', 1021) + "ERR", result.StderrTail);
    }

    [Fact]
    public async Task The_default_tail_is_4_KiB_of_each_stream()
    {
        var result = await RunAsync(Sh("head -c 100000 /dev/zero | tr '\\0' x; echo; echo last-line"));

        Assert.Equal(SubprocessRunner.DefaultTailBytes, result.StdoutTail!.Length);
        Assert.EndsWith("x\nlast-line\n", result.StdoutTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_program_fails_with_the_OS_error_instead_of_throwing()
    {
        var result = await RunAsync(SubprocessWorkload.Command("/nonexistent/taskactors-program", "x"));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Contains("No such file or directory", result.Error, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/taskactors-program", result.Error, StringComparison.Ordinal);
        Assert.Null(result.ExitCode);
        Assert.Null(result.Pid);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_fails_with_the_OS_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskactors-noexec-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, "echo hi\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var result = await RunAsync(SubprocessWorkload.Command(path));

            Assert.Equal(AttemptResultKind.Failed, result.Kind);
            Assert.Contains("Permission denied", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_bash_script_runs_from_a_private_temporary_file_that_is_deleted_afterwards()
    {
        var workload = SubprocessWorkload.Script(
            ScriptRuntime.Bash,
            "echo \"args=$#:$1\"\necho \"file=$0\"\nstat -c %a \"$0\"\n",
            "one arg");

        var result = await RunAsync(workload);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        var lines = result.StdoutTail!.Split('\n');
        Assert.Equal("args=1:one arg", lines[0]);
        var file = lines[1]["file=".Length..];
        Assert.StartsWith(Path.GetTempPath(), file, StringComparison.Ordinal);
        Assert.Equal("600", lines[2]);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_python_script_gets_its_arguments()
    {
        var result = await RunAsync(SubprocessWorkload.Script(ScriptRuntime.Python, "import sys\nprint('py', sys.argv[1:])\n", "a", "b c"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("py ['a', 'b c']\n", result.StdoutTail);
    }

    [Fact]
    public async Task A_node_script_gets_its_arguments()
    {
        var result = await RunAsync(SubprocessWorkload.Script(ScriptRuntime.Node, "console.log('node', process.argv.slice(2).join('|'))", "a", "b c"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("node a|b c\n", result.StdoutTail);
    }

    [Fact]
    public async Task A_custom_runtime_gets_the_script_text_after_its_flag()
    {
        var result = await RunAsync(SubprocessWorkload.Script(ScriptRuntime.Custom("python3", "-c"), "import sys; print(sys.argv[1:])", "x"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Equal("['x']\n", result.StdoutTail);
    }

    [Fact]
    public async Task A_failing_script_fails_with_its_exit_code()
    {
        var result = await RunAsync(SubprocessWorkload.Script(ScriptRuntime.Bash, "echo bad >&2; exit 4"));

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("bad\n", result.StderrTail);
    }

    [Fact]
    public async Task Cancel_stops_the_whole_process_group_and_returns_Canceled_once_it_exited()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"taskactors-pid-{Guid.NewGuid():N}");
        using var cancel = new CancellationTokenSource();
        try
        {
            var run = RunAsync(Sh("sleep 60 & echo $!; echo $! > \"$1.tmp\"; mv \"$1.tmp\" \"$1\"; wait", pidFile), cancel.Token);
            await Eventually.Until(() => File.Exists(pidFile), "the script reported the pid of its sleep");
            var sleepPid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            Assert.True(IsAlive(sleepPid));

            await cancel.CancelAsync();
            var result = await run;

            Assert.Equal(AttemptResultKind.Canceled, result.Kind);
            Assert.Equal("SIGTERM", result.Signal); // the whole group heard SIGTERM and ended within the grace
            Assert.Equal($"{sleepPid}\n", result.StdoutTail);
            Assert.False(IsAlive(result.Pid!.Value));
            // The orphaned sleep is killed too; its new parent reaps it a moment later.
            await Eventually.Until(() => !File.Exists($"/proc/{sleepPid}") || !IsAlive(sleepPid), $"sleep {sleepPid} is gone");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Cancel_of_a_script_also_deletes_its_temporary_file()
    {
        var fileReport = Path.Combine(Path.GetTempPath(), $"taskactors-script-path-{Guid.NewGuid():N}");
        using var cancel = new CancellationTokenSource();
        try
        {
            var run = RunAsync(SubprocessWorkload.Script(ScriptRuntime.Bash, "echo \"$0\" > \"$1\"; sleep 60", fileReport), cancel.Token);
            await Eventually.Until(() => File.Exists(fileReport) && new FileInfo(fileReport).Length > 0, "the script reported its path");
            var script = File.ReadAllText(fileReport).Trim();

            await cancel.CancelAsync();
            var result = await run;

            Assert.Equal(AttemptResultKind.Canceled, result.Kind);
            Assert.False(File.Exists(script));
        }
        finally
        {
            File.Delete(fileReport);
        }
    }

    [Fact]
    public async Task An_already_canceled_token_starts_nothing()
    {
        var result = await RunAsync(SubprocessWorkload.Command("true"), new CancellationToken(canceled: true));

        Assert.Equal(AttemptResultKind.Canceled, result.Kind);
        Assert.Null(result.Pid);
    }

    [Theory]
    [InlineData("kill -9 $$", "SIGKILL", 137)]
    [InlineData("kill -TERM $$", "SIGTERM", 143)]
    [InlineData("kill -SEGV $$", "SIGSEGV", 139)]
    public async Task A_process_killed_by_a_signal_fails_naming_the_signal(string script, string signal, int exitCode)
    {
        var result = await RunAsync(Sh(script) with { FailOnNonZero = false });

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Equal(signal, result.Signal);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal($"killed by signal {signal} (exit code {exitCode})", result.Error);
    }

    [Fact]
    public async Task An_exit_code_of_a_signal_that_cannot_kill_stays_a_plain_exit_code()
    {
        var result = await RunAsync(Sh("exit 145")); // 128 + SIGCHLD

        Assert.Equal(AttemptResultKind.Failed, result.Kind);
        Assert.Null(result.Signal);
        Assert.Equal("exit code 145", result.Error);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_of_stdin_ends_at_once()
    {
        var result = await RunAsync(SubprocessWorkload.Command("cat"));

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.Null(result.StdoutTail);
    }

    [Fact]
    public async Task A_background_child_left_in_the_attempts_group_ends_with_the_attempt()
    {
        var result = await RunAsync(Sh("sleep 600 & echo $!"));
        var orphan = int.Parse(result.StdoutTail!.Trim(), CultureInfo.InvariantCulture);
        try
        {
            Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
            // Killed (SIGKILL to the group) when the attempt's main process exited; its new parent reaps it.
            await Eventually.Until(() => !IsAlive(orphan), $"the orphaned sleep {orphan} is gone", TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (IsAlive(orphan))
            {
                System.Diagnostics.Process.GetProcessById(orphan).Kill();
            }
        }
    }

    [Fact]
    public async Task Cancel_sends_SIGTERM_to_the_group_and_a_trap_finishes_its_cleanup_within_the_grace()
    {
        var cleaned = Path.Combine(Path.GetTempPath(), $"taskactors-cleaned-{Guid.NewGuid():N}");
        var ready = cleaned + ".ready";
        using var cancel = new CancellationTokenSource();
        try
        {
            var context = Attempt(Sh($"trap 'echo cleaned >> \"$1\"; exit 0' TERM; touch \"$1.ready\"; sleep 600 & wait", cleaned)) with
            {
                StopGracePeriod = TimeSpan.FromMinutes(2),
            };
            var run = _runner.RunAsync(context, cancel.Token);
            await Eventually.Until(() => File.Exists(ready), "the script set its trap");

            await cancel.CancelAsync();
            var result = await run.WaitAsync(Patience); // far less than the 2 min grace: it ended on SIGTERM

            Assert.Equal(AttemptResultKind.Canceled, result.Kind);
            Assert.Equal("SIGTERM", result.Signal);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"canceled: process group {result.Pid} stopped after SIGTERM", result.Error);
            Assert.Equal("cleaned\n", await File.ReadAllTextAsync(cleaned));
        }
        finally
        {
            File.Delete(cleaned);
            File.Delete(ready);
        }
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_gets_SIGKILL_after_the_grace_and_the_result_says_so()
    {
        var ready = Path.Combine(Path.GetTempPath(), $"taskactors-stubborn-{Guid.NewGuid():N}");
        using var cancel = new CancellationTokenSource();
        try
        {
            var grace = TimeSpan.FromMilliseconds(300);
            var context = Attempt(Sh("trap '' TERM; touch \"$1\"; sleep 600", ready)) with { StopGracePeriod = grace };
            var run = _runner.RunAsync(context, cancel.Token);
            await Eventually.Until(() => File.Exists(ready), "the script ignores SIGTERM");

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await cancel.CancelAsync();
            var result = await run.WaitAsync(Patience);

            Assert.True(stopping.Elapsed >= grace, $"SIGKILL came after {stopping.Elapsed}, before the grace of {grace}");
            Assert.Equal(AttemptResultKind.Canceled, result.Kind);
            Assert.Equal("SIGKILL", result.Signal);
            Assert.Equal($"canceled: process group {result.Pid} killed (SIGKILL) after the stop grace period of 300 ms", result.Error);
            Assert.False(IsAlive(result.Pid!.Value));
        }
        finally
        {
            File.Delete(ready);
        }
    }

    [Fact]
    public async Task Each_attempt_runs_in_its_own_process_group_reported_with_its_start_time()
    {
        (int Group, long StartTime)? reported = null;
        var context = Attempt(Sh("cut -d' ' -f5 /proc/$$/stat")) with { ProcessStarted = (group, start) => reported = (group, start) };

        var result = await _runner.RunAsync(context, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(AttemptResultKind.Succeeded, result.Kind);
        Assert.NotNull(reported);
        Assert.Equal(result.Pid, reported.Value.Group);
        Assert.True(reported.Value.StartTime > 0);
        // The workload's own process group is the attempt's group, not the node's.
        Assert.Equal($"{result.Pid}\n", result.StdoutTail);
        Assert.NotEqual(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), result.StdoutTail!.Trim());
    }

    [Fact]
    public void It_supports_only_subprocess_workloads()
    {
        var handler = HandlerWorkload.Create("x");

        Assert.Equal("subprocess", _runner.Name);
        Assert.True(_runner.Supports(SubprocessWorkload.Command("true")));
        Assert.False(_runner.Supports(handler));
        Assert.Null(_runner.CheckRunnable(SubprocessWorkload.Command("true")));
        Assert.Equal("the subprocess runner does not run handler workloads", _runner.CheckRunnable(handler));
        Assert.Equal(Labels.Empty, _runner.Labels);
    }
}
