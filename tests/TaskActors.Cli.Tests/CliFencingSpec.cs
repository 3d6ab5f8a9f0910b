using System.Globalization;
using System.Text.Json;
using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>
/// Fenced attempts at the process level: a `run` node SIGKILLed alone (as the OOM killer does) while 20 attempts run
/// leaves none of their processes behind, and the next `run` starts a new attempt of each (even with `restart: never`)
/// that never overlaps the old one. Each attempt logs "start", "end" lines with its process group and a nanosecond clock.
/// </summary>
[Trait("Category", "Fencing")]
public sealed class CliFencingSpec : IDisposable
{
    private const int Tasks = 20;

    private readonly TempDirectory _directory = new("cli-fencing");

    private string Store => _directory.File("data", "store.db");

    [Fact]
    public async Task A_run_killed_with_SIGKILL_leaves_no_attempt_process_and_the_next_run_starts_new_non_overlapping_attempts()
    {
        var log = _directory.File("attempts.log");
        var manifest = _directory.File("tasks.yaml");
        // Attempt 1 logs its start and waits; on SIGTERM it logs its end and exits. Later attempts log start and end.
        var script = string.Join("; ",
            "id=$TASKACTORS_TASK_ID; a=$TASKACTORS_ATTEMPT; set -- $(cat /proc/$$/stat)",
            $"echo \"start $id $a $(date +%s%N) $$ $5\" >> '{log}'",
            $"if [ \"$a\" = 1 ]; then trap 'echo \"end $id $a $(date +%s%N) $$ $5\" >> \"{log}\"; exit 0' TERM; sleep 600 & wait; fi",
            $"echo \"end $id $a $(date +%s%N) $$ $5\" >> '{log}'");
        await File.WriteAllTextAsync(manifest, string.Join("\n---\n", Enumerable.Range(0, Tasks).Select(i => $$"""
            metadata: {id: fenced-{{i:D2}}}
            spec:
              slot: s{{i:D2}}
              workload:
                subprocess:
                  command: sh
                  args: ["-c", {{JsonSerializer.Serialize(script)}}]
            """)));

        using (var first = CliProcess.Start(_directory.Path, "run", manifest, "--store", Store, "--until-done"))
        {
            await Eventually.Until(() => first.HasExited || Lines(log).Count(l => l.Kind == "start") == Tasks, $"all {Tasks} first attempts running", CliProcess.Patience);
            Assert.False(first.HasExited, "run exited before it was killed");
            first.KillHard(); // the node alone, as the OOM killer does
            await first.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // No process of any first attempt's process group survives the node (nothing of it was asked to stop them).
        var groups = Lines(log).Where(l => l.Kind == "start").Select(l => l.Group).ToHashSet();
        Assert.Equal(Tasks, groups.Count);
        await Eventually.Until(() => LiveMembersOf(groups).Count == 0, "every first attempt's process group is gone", TimeSpan.FromSeconds(30));

        var resumed = await CliProcess.RunAsync(_directory.Path, "run", "--store", Store, "--until-done");
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}\n{resumed.Stdout}\n{resumed.Stderr}");
        Assert.Empty(LiveMembersOf(groups));

        var lines = Lines(log);
        foreach (var id in Enumerable.Range(0, Tasks).Select(i => $"fenced-{i:D2}"))
        {
            var mine = lines.Where(l => l.Id == id).ToList();
            // Attempt 1 ended (on SIGTERM from its supervisor) before attempt 2 started: never two copies at once.
            Assert.Equal([("start", 1), ("end", 1), ("start", 2), ("end", 2)], mine.OrderBy(l => l.Clock).Select(l => (l.Kind, l.Attempt)));
            var runs = await JsonOf("runs", id, "--store", Store, "-o", "json");
            Assert.Equal(
                [(1, "failed", "interrupted: node stopped during attempt"), (2, "succeeded", null)],
                runs.RootElement.EnumerateArray().Select(r => (r.GetProperty("attempt").GetInt32(), r.GetProperty("phase").GetString(), r.GetProperty("error").GetString())));
        }
    }

    private sealed record LogLine(string Kind, string Id, int Attempt, long Clock, int Pid, int Group);

    private static List<LogLine> Lines(string log) =>
        !File.Exists(log)
            ? []
            : File.ReadAllLines(log)
                .Select(l => l.Split(' '))
                .Where(f => f.Length == 6)
                .Select(f => new LogLine(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
                    int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture)))
                .ToList();

    /// <summary>Live (not zombie) processes whose process group is one of <paramref name="groups"/>.</summary>
    private static List<int> LiveMembersOf(IReadOnlySet<int> groups)
    {
        var live = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is not ("Z" or "X") && groups.Contains(int.Parse(fields[2], CultureInfo.InvariantCulture)))
                {
                    live.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return live;
    }

    private async Task<JsonDocument> JsonOf(params string[] args)
    {
        var result = await CliProcess.RunAsync(_directory.Path, args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    public void Dispose() => _directory.Dispose();
}
