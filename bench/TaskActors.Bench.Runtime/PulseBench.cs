using System.Diagnostics;
using System.Globalization;
using TaskActors.Model.Identity;
using TaskActors.Model.Workloads;
using TaskActors.Runners;

namespace TaskActors.Bench.Runtime;

/// <summary>
/// What the pulse fence costs (issue 13, point 4): (1) the start of one subprocess attempt under the bash supervisor
/// (pulse on) against the sh (dash) one, measured from <see cref="SubprocessRunner.RunAsync"/> to the workload's first
/// instruction (<c>date +%s%N</c>), the two interleaved so that both see the same load; (2) the CPU of the node process
/// and of the attempts' supervisors while N attempts (<c>sleep</c>) are live, unpulsed and pulsed at 500 ms and 100 ms.
/// </summary>
/// <remarks>
/// Command line: <c>--pulse [--starts 200] [--live 200] [--window-seconds 20]</c>. Prints a markdown summary on stdout;
/// the numbers are copied by hand into ARCHITECTURE.md ("Fenced attempts"), with the machine's load at the time.
/// </remarks>
public static class PulseBench
{
    public static bool Requested(string[] args) => args.Contains("--pulse");

    public static async Task<int> RunAsync(string[] args)
    {
        var starts = Option(args, "--starts", 200);
        var live = Option(args, "--live", 200);
        var window = TimeSpan.FromSeconds(Option(args, "--window-seconds", 20));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# Pulse fence cost ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, loadavg {File.ReadAllText("/proc/loadavg").Trim()})");

        var (sh, bash) = await StartLatencies(starts);
        Console.WriteLine(string.Create(inv, $"""

            ## Attempt start, RunAsync to the workload's first instruction ({starts} runs each, interleaved)
            | supervisor | p50 ms | p90 ms | mean ms |
            |---|---|---|---|
            | /bin/sh (dash), pulse off | {Percentile(sh, 50):F1} | {Percentile(sh, 90):F1} | {sh.Average():F1} |
            | /bin/bash, pulse on | {Percentile(bash, 50):F1} | {Percentile(bash, 90):F1} | {bash.Average():F1} |
            """));

        Console.WriteLine(string.Create(inv, $"""

            ## CPU with {live} live attempts over {window.TotalSeconds:0} s (share of one core)
            | pulse (timeout 3 s) | node process | supervisors (all {live}) | beats written | skipped | dropped | attempts still running at the end |
            |---|---|---|---|---|---|---|
            """));
        foreach (var interval in new TimeSpan?[] { null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100) })
        {
            var cost = await LiveCost(live, interval, window);
            Console.WriteLine(string.Create(inv,
                $"| {(interval is { } i ? $"every {i.TotalMilliseconds:0} ms" : "off")} | {100 * cost.Node:F2}% | {100 * cost.Supervisors:F2}% | {cost.Counts.Beats} | {cost.Counts.Skipped} | {cost.Counts.Dropped} | {cost.Running} |"));
        }

        Console.WriteLine($"\nloadavg at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<(List<double> Sh, List<double> Bash)> StartLatencies(int runs)
    {
        using var pulse = new SupervisorPulse(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));
        var runner = new SubprocessRunner();
        var sh = new List<double>();
        var bash = new List<double>();
        for (var n = 0; n < runs * 2; n++)
        {
            var pulsed = n % 2 == 1;
            var context = new AttemptContext(new TaskId("start"), 1, SubprocessWorkload.Command("date", "+%s%N"), "bench") { Pulse = pulsed ? pulse : null };
            var before = UnixNanoseconds();
            var result = await runner.RunAsync(context, CancellationToken.None);
            var first = long.Parse(result.StdoutTail!.Trim(), CultureInfo.InvariantCulture);
            (pulsed ? bash : sh).Add((first - before) / 1e6);
        }

        return (sh, bash);
    }

    private static async Task<(double Node, double Supervisors, (long Beats, long Skipped, long Dropped) Counts, int Running)> LiveCost(int count, TimeSpan? interval, TimeSpan window)
    {
        using var pulse = interval is { } i ? new SupervisorPulse(i, TimeSpan.FromSeconds(3)) : null;
        using var stop = new CancellationTokenSource();
        var groups = new int[count];
        var runner = new SubprocessRunner();
        var runs = Enumerable.Range(0, count).Select(k =>
        {
            var context = new AttemptContext(new TaskId($"live-{k}"), 1, SubprocessWorkload.Command("sleep", "600"), "bench")
            {
                Pulse = pulse,
                ProcessStarted = (group, _) => Volatile.Write(ref groups[k], group),
                StopGracePeriod = TimeSpan.FromSeconds(5),
            };
            return Task.Run(() => runner.RunAsync(context, stop.Token));
        }).ToList();
        while (Array.IndexOf(groups, 0) >= 0)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // the launches' own work is over
        var self = Process.GetCurrentProcess();
        var supervisorsBefore = TicksOf(groups);
        var nodeBefore = self.TotalProcessorTime;
        var counted = pulse?.Counts ?? default;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var elapsed = clock.Elapsed;
        self.Refresh();
        var node = (self.TotalProcessorTime - nodeBefore) / elapsed;
        var supervisors = (TicksOf(groups) - supervisorsBefore) / ClockTicksPerSecond / elapsed.TotalSeconds;
        var counts = pulse?.Counts ?? default;
        var running = runs.Count(r => !r.IsCompleted);
        await stop.CancelAsync();
        await Task.WhenAll(runs);
        return (node, supervisors, (counts.Beats - counted.Beats, counts.Skipped - counted.Skipped, counts.Dropped - counted.Dropped), running);
    }

    /// <summary>User + system clock ticks of every process in the groups (the supervisors, their watchers and workloads).</summary>
    private static long TicksOf(int[] groups)
    {
        var wanted = groups.ToHashSet();
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (wanted.Contains(int.Parse(fields[2], CultureInfo.InvariantCulture)))
                {
                    // fields[N - 3] is field N: utime 14, stime 15.
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return ticks;
    }

    private static double ClockTicksPerSecond { get; } = double.Parse(
        Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
