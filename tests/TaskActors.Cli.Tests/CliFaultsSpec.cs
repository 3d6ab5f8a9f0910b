using System.Text;
using System.Text.Json;
using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>
/// Every error is a sentence and the documented exit code: store faults (exit 6) and a missing store (exit 3) are one
/// clear line, found before a node starts; manifest problems (duplicate ids, unknown handlers, unmatched runner
/// selectors) stop `run` before anything is submitted, with file:line:column; one damaged task in a store of many fails
/// alone; text from tasks reaches the terminal with its control characters escaped. Each runs the built command as a
/// process, with a generous timeout (<see cref="CliProcess.Patience"/>) rather than a speed assertion.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliFaultsSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli-faults");

    private string Store => _directory.File("store.db");

    [Fact]
    public async Task One_corrupted_task_fails_alone_every_other_task_of_a_300_task_manifest_succeeds_and_it_is_reported_by_id()
    {
        // A store holding task t-150, whose second event is then damaged on disk.
        var first = _directory.File("first.yaml");
        await File.WriteAllTextAsync(first, Manifest(150..151));
        Assert.Equal(0, (await CliProcess.RunAsync(_directory.Path, "run", first, "--store", Store, "--until-done")).ExitCode);
        Sqlite(Store, "UPDATE journal SET message = X'7B22617474656D7074223A' WHERE persistence_id = 'task-t-150' AND sequence_number = 2");

        var all = _directory.File("all.yaml");
        await File.WriteAllTextAsync(all, Manifest(0..300));
        var run = await CliProcess.RunAsync(_directory.Path, "run", all, "--store", Store, "--until-done", "-o", "json");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Stderr}");
        Assert.Contains("t-150: rejected (Damaged)", run.Stderr, StringComparison.Ordinal);
        var summary = run.Stderr.Split('\n').Single(l => l.StartsWith("all 300 task(s) settled", StringComparison.Ordinal));
        Assert.Contains("299 succeeded", summary, StringComparison.Ordinal);
        Assert.Contains("t-150 (damaged at task-t-150 sequence number 2", summary, StringComparison.Ordinal);

        var list = await CliProcess.RunAsync(_directory.Path, "list", "--store", Store, "-o", "json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        using var listed = JsonDocument.Parse(list.Stdout);
        var tasks = listed.RootElement.EnumerateArray().ToList();
        Assert.Equal(300, tasks.Count);
        Assert.Equal(299, tasks.Count(t => t.GetProperty("status").GetProperty("phase").GetString() == "succeeded" && !t.GetProperty("status").TryGetProperty("damage", out _)));
        var damage = tasks.Single(t => t.GetProperty("metadata").GetProperty("id").GetString() == "t-150").GetProperty("status").GetProperty("damage");
        Assert.Equal(("task-t-150", 2), (damage.GetProperty("persistenceId").GetString(), damage.GetProperty("sequenceNr").GetInt64()));
        Assert.Contains("task 't-150': its stored history is damaged at task-t-150 sequence number 2", list.Stderr, StringComparison.Ordinal);

        var get = await CliProcess.RunAsync(_directory.Path, "get", "t-150", "--store", Store);
        Assert.Equal(6, get.ExitCode);
        Assert.Contains("(damaged)", get.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", get.Stderr + get.Stdout, StringComparison.Ordinal);
    }

    public enum StoreFault
    {
        NotSqlite,
        Directory,
        UnderAFile,
        Empty,
    }

    [Theory]
    [InlineData(StoreFault.NotSqlite, "file is not a database")]
    [InlineData(StoreFault.Directory, "is a directory")]
    [InlineData(StoreFault.UnderAFile, "cannot be created")]
    [InlineData(StoreFault.Empty, "the store path is empty")]
    public async Task A_store_fault_on_the_write_path_is_one_line_and_exit_6(StoreFault fault, string says)
    {
        var manifest = _directory.File("one.yaml");
        await File.WriteAllTextAsync(manifest, Manifest(0..1));
        var store = fault switch
        {
            StoreFault.NotSqlite => WriteFile("garbage.db", Encoding.UTF8.GetBytes(new string('x', 8192))),
            StoreFault.Directory => Directory.CreateDirectory(_directory.File("a-folder.db")).FullName,
            StoreFault.UnderAFile => Path.Combine(WriteFile("plain-file", [1, 2, 3]), "store.db"),
            _ => "",
        };

        foreach (var args in new[] { new[] { "run", manifest, "--store", store, "--until-done" }, ["cancel", "t-0", "--store", store], ["delete", "t-0", "--store", store] })
        {
            if (args[0] != "run" && fault is StoreFault.UnderAFile)
            {
                continue;   // a reading step: no store there (exit 3), asserted below
            }

            var result = await CliProcess.RunAsync(_directory.Path, args);
            Assert.True(result.ExitCode == 6, $"{args[0]}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
            AssertOneLine(result.Stderr, says);
        }
    }

    [Theory]
    [InlineData("list")]
    [InlineData("get", "x")]
    [InlineData("runs", "x")]
    [InlineData("events", "x")]
    public async Task A_reading_command_without_a_store_says_no_store_at_the_path_and_exits_3(params string[] command)
    {
        var missing = _directory.File("nothing-here.db");
        var result = await CliProcess.RunAsync(_directory.Path, [.. command, "--store", missing]);

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        AssertOneLine(result.Stderr, $"no store at {missing}");
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(missing));

        var folder = Directory.CreateDirectory(_directory.File("folder.db")).FullName;
        var onFolder = await CliProcess.RunAsync(_directory.Path, [.. command, "--store", folder]);
        Assert.True(onFolder.ExitCode == 6, $"exit {onFolder.ExitCode}\n{onFolder.Stdout}\n{onFolder.Stderr}");
        AssertOneLine(onFolder.Stderr, "is a directory");
    }

    [Fact]
    public async Task A_read_only_store_or_folder_is_exit_6_with_the_sqlite_message_not_a_timeout()
    {
        var manifest = _directory.File("one.yaml");
        await File.WriteAllTextAsync(manifest, Manifest(0..1));
        Assert.Equal(0, (await CliProcess.RunAsync(_directory.Path, "run", manifest, "--store", Store, "--until-done")).ExitCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(_directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Store, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var readOnlyFolder = Directory.CreateDirectory(_directory.File("locked"));
        File.SetUnixFileMode(readOnlyFolder.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var readOnlyStore = await WithoutWriteAccess("run", manifest, "--store", Store, "--until-done");
        Assert.True(readOnlyStore.ExitCode == 6, $"exit {readOnlyStore.ExitCode}\n{readOnlyStore.Stdout}\n{readOnlyStore.Stderr}");
        // Ownership comes first, so a read-only store is refused either by its lock file (when the store's folder or the
        // lock file cannot be written) or by SQLite's write probe: one line with the real cause either way.
        AssertOneLine(readOnlyStore.Stderr, "readonly database", "denied");

        var inLockedFolder = await WithoutWriteAccess("run", manifest, "--store", Path.Combine(readOnlyFolder.FullName, "store.db"), "--until-done");
        Assert.True(inLockedFolder.ExitCode == 6, $"exit {inLockedFolder.ExitCode}\n{inLockedFolder.Stdout}\n{inLockedFolder.Stderr}");
        AssertOneLine(inLockedFolder.Stderr, "cannot be created", "Permission denied");

        // Reading a WAL store needs its shared-memory file writable: without it, one line and exit 6 as well.
        var reading = await WithoutWriteAccess("list", "--store", Store, "-o", "json");
        Assert.True(reading.ExitCode is 0 or 6, $"exit {reading.ExitCode}\n{reading.Stderr}");
        if (reading.ExitCode == 6)
        {
            AssertOneLine(reading.Stderr, "cannot read the store");
        }
    }

    [Fact]
    public async Task Duplicate_ids_unknown_handlers_and_unmatched_selectors_stop_run_before_anything_is_submitted()
    {
        var a = _directory.File("a.yaml");
        var b = _directory.File("b.yaml");
        var c = _directory.File("c.yaml");
        await File.WriteAllTextAsync(a, """
            metadata: {id: twice}
            spec: {slot: s, workload: {handler: {name: echo}}}
            ---
            metadata: {id: twice}
            spec: {slot: s2, workload: {handler: {name: echo}}}
            """);
        await File.WriteAllTextAsync(b, """
            metadata: {id: ok}
            spec: {slot: s3, workload: {handler: {name: echo}}}
            ---
            metadata: {id: nobody}
            spec: {slot: s4, workload: {handler: {name: no-such-handler}}}
            ---
            metadata: {id: picky}
            spec:
              slot: s5
              runnerSelector: {matchLabels: {gpu: "true"}}
              workload: {handler: {name: echo}}
            """);
        await File.WriteAllTextAsync(c, "metadata: {id: ok}\nspec: {slot: s6, workload: {handler: {name: echo}}}\n");

        var within = await CliProcess.RunAsync(_directory.Path, "run", a, "--store", Store, "--until-done");
        Assert.True(within.ExitCode == 2, $"exit {within.ExitCode}\n{within.Stderr}");
        Assert.Contains($"{a}:4:16: [1].metadata.id: duplicate id 'twice': also at {a}:1:16", within.Stderr, StringComparison.Ordinal);

        var checks = await CliProcess.RunAsync(_directory.Path, "run", b, c, "--store", Store, "--until-done");
        Assert.True(checks.ExitCode == 2, $"exit {checks.ExitCode}\n{checks.Stderr}");
        Assert.Contains($"{b}:5:7: spec.workload: unknown handler 'no-such-handler'", checks.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{b}:9:3: spec.runnerSelector: runnerSelector 'gpu=true' matches no runner", checks.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{c}:1:16: metadata.id: duplicate id 'ok': also at {b}:1:16", checks.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 error(s); nothing was submitted", checks.Stderr, StringComparison.Ordinal);

        // Nothing was submitted by either: no store was even made.
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task Text_from_tasks_reaches_the_terminal_with_control_characters_escaped_and_json_keeps_it_exact()
    {
        var manifest = _directory.File("slow.yaml");
        await File.WriteAllTextAsync(manifest, "metadata: {id: victim}\nspec: {slot: v, workload: {handler: {name: sleep, input: {ms: 60000}}}}\n");
        using (var run = CliProcess.Start(_directory.Path, "run", manifest, "--store", Store, "--until-done"))
        {
            const string reason = "\u001b]0;owned\u0007\u001b[2J\u009bcleared";
            CliProcess.Result cancel = null!;
            await Eventually.Until(async () =>
            {
                // Until the run has submitted the task (before that: not found).
                cancel = await CliProcess.RunAsync(_directory.Path, "cancel", "victim", "--store", Store, "--reason", reason);
                return cancel.ExitCode == 0;
            }, "the cancel is accepted", CliProcess.Patience);
            Assert.DoesNotContain('\u001b', cancel.Stdout + cancel.Stderr);
            Assert.Contains("\\x1b]0;owned\\x07\\x1b[2J\\u009bcleared", cancel.Stdout, StringComparison.Ordinal);
            await run.WaitAsync(CliProcess.Patience);
        }

        var table = await CliProcess.RunAsync(_directory.Path, "get", "victim", "--store", Store);
        Assert.DoesNotContain('\u001b', table.Stdout);
        Assert.DoesNotContain('\u009b', table.Stdout);
        Assert.Contains("\\x1b", table.Stdout, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync(_directory.Path, "get", "victim", "--store", Store, "-o", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("\u001b]0;owned\u0007\u001b[2J\u009bcleared", document.RootElement.GetProperty("status").GetProperty("error").GetString());
    }

    public void Dispose() => _directory.Dispose();

    private static string Manifest(Range ids)
    {
        var text = new StringBuilder();
        for (var i = ids.Start.Value; i < ids.End.Value; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"---\nmetadata: {{id: t-{i}}}\nspec: {{slot: s-{i}, workload: {{handler: {{name: echo, input: {{n: {i}}}}}}}}}\n");
        }

        return text.ToString();
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = _directory.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertOneLine(string stderr, params string[] containsAny)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{stderr}");
        Assert.True(containsAny.Any(c => lines[0].Contains(c, StringComparison.Ordinal)), $"expected one of [{string.Join(", ", containsAny)}] in: {lines[0]}");
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static void Sqlite(string store, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>
    /// The command as a user without write access to the store's files: as root (which ignores file modes) it runs as
    /// nobody through setpriv, with a home of its own; otherwise as this user, whose access the file modes already remove.
    /// </summary>
    private async Task<CliProcess.Result> WithoutWriteAccess(params string[] args)
    {
        if (Environment.UserName != "root")
        {
            return await CliProcess.RunAsync(_directory.Path, args);
        }

        var home = Directory.CreateTempSubdirectory("taskactors-nobody-home-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        try
        {
            return await CliProcess.RunProgramAsync(_directory.Path,
                ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "env", $"HOME={home}", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "dotnet", BuiltArtifacts.Cli, .. args]);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
