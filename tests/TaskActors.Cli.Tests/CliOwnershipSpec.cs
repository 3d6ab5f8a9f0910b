using System.Globalization;
using System.Net.Sockets;
using System.Text;
using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>
/// One owner per store, whatever the path: simultaneous `run`s (same path, a symbolic link, a hard link) leave exactly
/// one owner and the others exit 4 naming it; the store's files are private; a deleted task leaves no copy; the lock,
/// the control socket and the manifests reject what could hurt the owner.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliOwnershipSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli-own");

    [Theory]
    [InlineData("same path")]
    [InlineData("symbolic link")]
    [InlineData("hard link")]
    public async Task Four_simultaneous_runs_leave_exactly_one_owner_and_the_others_exit_4_naming_it(string paths)
    {
        for (var round = 0; round < OwnershipRounds.Count; round++)
        {
            var store = _directory.File($"round-{round}", "store.db");
            var other = _directory.File($"round-{round}", "other.db");
            Directory.CreateDirectory(Path.GetDirectoryName(store)!);
            switch (paths)
            {
                case "symbolic link":
                    File.CreateSymbolicLink(other, store);
                    break;
                case "hard link":
                    await File.WriteAllBytesAsync(store, []);
                    var linked = await CliProcess.RunProgramAsync(_directory.Path, "ln", store, other);
                    Assert.True(linked.ExitCode == 0, linked.Stderr);
                    break;
                default:
                    other = store;
                    break;
            }

            var runs = Enumerable.Range(0, 4).Select(i => CliProcess.Start(_directory.Path, "run", "--store", i % 2 == 0 ? store : other)).ToList();
            try
            {
                await Eventually.Until(() => runs.Count(r => r.HasExited) >= 3, "three of the four runs to give up", CliProcess.Patience);
                var owners = runs.Where(r => !r.HasExited).ToList();
                Assert.True(owners.Count == 1, $"round {round} ({paths}): {owners.Count} runs own the store");
                var owner = owners[0];
                foreach (var loser in runs.Where(r => r != owner))
                {
                    var result = await loser.WaitAsync(CliProcess.Patience);
                    Assert.True(result.ExitCode == 4, $"round {round} ({paths}): a loser exited {result.ExitCode}\n{result.Stderr}");
                    var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                    Assert.True(line.Contains($"is owned by pid {owner.Pid} on host {Environment.MachineName} since ", StringComparison.Ordinal),
                        $"round {round} ({paths}): the owner is pid {owner.Pid}; a loser said: {line}; the runs: {string.Join(", ", runs.Select(r => r.Pid))}");
                    Assert.Contains("(taskactors run)", line, StringComparison.Ordinal);
                }

                owner.KillHard();
                var ended = await owner.WaitAsync(CliProcess.Patience);
                Assert.DoesNotContain("UNIQUE constraint failed", ended.Stderr, StringComparison.Ordinal);
            }
            finally
            {
                foreach (var run in runs)
                {
                    run.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task The_store_its_wal_shm_and_lock_files_are_owner_only_and_so_are_the_run_folder_and_the_control_socket()
    {
        var store = _directory.File("data", "store.db");
        using var run = CliProcess.Start(_directory.Path, "run", "--store", store);
        await Eventually.Until(() => run.HasExited || (File.Exists(store + "-wal") && File.Exists(store + "-shm")), "the store in WAL mode", CliProcess.Patience);
        Assert.False(run.HasExited, "run exited");
        var socket = Path.Combine(RunFolder, await KeyOf(store) + ".sock");
        await Eventually.Until(() => File.Exists(socket), $"the control socket {socket}", CliProcess.Patience);

        foreach (var file in new[] { store, store + "-wal", store + "-shm", store + ".lock", Path.Combine(RunFolder, await KeyOf(store) + ".lock"), socket })
        {
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file} is {File.GetUnixFileMode(file)}");
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(RunFolder));
        run.KillHard();
        await run.WaitAsync(CliProcess.Patience);

        // A store created before (world-readable, as older versions left it) is made private when it is next owned.
        var old = _directory.File("old", "store.db");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        await File.WriteAllBytesAsync(old, []);
        File.SetUnixFileMode(old, (UnixFileMode)0b110_100_100);
        var resumed = await CliProcess.RunAsync(_directory.Path, "run", "--store", old, "--until-done");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(old));
    }

    [Fact]
    public async Task A_deleted_task_leaves_no_copy_of_its_spec_in_the_store_file_or_its_wal()
    {
        var store = _directory.File("data", "store.db");
        var marker = "secret-" + Guid.NewGuid().ToString("N");
        var manifest = _directory.File("secret.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            metadata: {id: keeps-a-secret}
            spec:
              slot: s
              workload:
                subprocess: {command: "true", env: [{key: TOKEN, value: "{{marker}}"}]}
            """);
        var run = await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", store, "--until-done");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(Contains(store, marker), "the marker is in the store before the delete (else this test proves nothing)");

        var deleted = await CliProcess.RunAsync(_directory.Path, "delete", "keeps-a-secret", "--store", store);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);

        // The command's node has stopped: its last connection checkpointed the WAL into the file.
        Assert.False(Contains(store, marker), "the deleted task's env value is still readable in the store file");
        Assert.False(Contains(store + "-wal", marker), "the deleted task's env value is still readable in the WAL");
    }

    [Fact]
    public async Task A_lock_file_that_is_a_symbolic_link_is_refused_with_one_clear_line()
    {
        var store = _directory.File("data", "store.db");
        Directory.CreateDirectory(Path.GetDirectoryName(store)!);
        File.CreateSymbolicLink(store + ".lock", "/proc/1/root/unreadable");

        var run = await CliProcess.RunAsync(_directory.Path, "run", "--store", store, "--until-done");

        Assert.True(run.ExitCode == 6, $"exit {run.ExitCode}\n{run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the lock file {store}.lock is a symbolic link", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_control_request_longer_than_1_MiB_is_answered_with_an_error_and_the_owner_keeps_serving()
    {
        var store = _directory.File("data", "store.db");
        using var run = CliProcess.Start(_directory.Path, "run", "--store", store);
        var socket = Path.Combine(RunFolder, await Eventually.Value(async () => File.Exists(store) ? await KeyOf(store) : null, _ => true, "the store", CliProcess.Patience) + ".sock");
        await Eventually.Until(() => run.HasExited || File.Exists(socket), "the control socket", CliProcess.Patience);

        using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            await using var stream = new NetworkStream(client);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try
            {
                for (var sent = 0; sent <= 2 * 1024 * 1024; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk);
                }
            }
            catch (IOException)
            {
                // the owner closed the connection once the line passed the limit
            }

            using var reader = new StreamReader(stream);
            var answer = await reader.ReadLineAsync().WaitAsync(CliProcess.Patience);
            Assert.NotNull(answer);
            Assert.Contains("control request longer than 1 MiB", answer, StringComparison.Ordinal);
        }

        // The owner still serves: a normal request gets its answer.
        var missing = await CliProcess.RunAsync(_directory.Path, "cancel", "no-such-task", "--store", store);
        Assert.True(missing.ExitCode == 3, $"exit {missing.ExitCode}\n{missing.Stderr}");
        Assert.False(run.HasExited);
    }

    [Fact]
    public async Task A_manifest_larger_than_16_MiB_is_an_input_error_not_a_memory_blow_up()
    {
        var run = await CliProcess.RunAsync(_directory.Path, "run", "/dev/zero", "--store", _directory.File("data", "store.db"), "--until-done");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Contains("/dev/zero: larger than 16 MiB, the limit for one manifest file", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static string RunFolder =>
        Environment.GetEnvironmentVariable("TASKACTORS_RUN_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".taskactors", "run");

    /// <summary>The store's identity as the owner names its files: <c>&lt;device (major &lt;&lt; 32 | minor) hex&gt;-&lt;inode hex&gt;</c>, from stat(1).</summary>
    private async Task<string> KeyOf(string path)
    {
        var stat = await CliProcess.RunProgramAsync(_directory.Path, "stat", "-L", "-c", "%Hd %Ld %i", path);
        Assert.True(stat.ExitCode == 0, stat.Stderr);
        var parts = stat.Stdout.Trim().Split(' ').Select(p => ulong.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{(parts[0] << 32) | parts[1]:x}-{parts[2]:x}");
    }

    private static bool Contains(string file, string marker)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        var bytes = File.ReadAllBytes(file);
        return bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;
    }
}
