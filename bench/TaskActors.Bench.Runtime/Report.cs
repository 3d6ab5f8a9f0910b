using System.Globalization;
using System.Text;

namespace TaskActors.Bench.Runtime;

/// <summary>Renders the Markdown report (stdout and RESULTS.md).</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(
        BenchOptions o, DateTime startedUtc, string loadAtStart, IReadOnlyList<LifecycleResult> sqlite, IReadOnlyList<LifecycleResult> memory,
        BuildResult? build, IReadOnlyList<RestartResult> restarts)
    {
        var s = new StringBuilder();
        s.AppendLine("# TaskActors runtime benchmark");
        s.AppendLine();
        s.AppendLine(Inv, $"{startedUtc:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; {Environment.OSVersion}; .NET {Environment.Version}; " +
                          $"Akka.NET 1.5.73 + Akka.Persistence.Sql on one SQLite file (WAL), durability **{o.Durability}** " +
                          $"({(o.Durability == "full" ? "synchronous=FULL" : "synchronous=NORMAL")}); {(o.Quick ? "**quick** sizes; " : string.Empty)}" +
                          $"loadavg at start {loadAtStart}, at end {PhaseMeter.LoadAverage()}. Source: {SourceVersion.Describe()} (plus any uncommitted changes in the checkout).");
        s.AppendLine();
        s.AppendLine(Inv, $"Command: `{o.Command}`");
        s.AppendLine();

        if (sqlite.Count > 0)
            Lifecycles(s, o, sqlite, memory);
        if (build is not null)
            ColdStart(s, o, build, restarts);

        s.AppendLine(Inv, $"Warnings logged by the benchmark process: {CountingLogger.Warnings}, errors: {CountingLogger.Errors} " +
                          $"(each crash logs one warning per running attempt, 'stopped before it reported'; restart children log to their own stderr).");
        s.AppendLine();
        WhereTimeGoes(s, o, sqlite, memory, build, restarts);
        return s.ToString();
    }

    private static void Lifecycles(StringBuilder s, BenchOptions o, IReadOnlyList<LifecycleResult> sqlite, IReadOnlyList<LifecycleResult> memory)
    {
        s.AppendLine(Inv, $"## 1. Complete lifecycles: N = {o.Tasks:N0} one-shot no-op handler tasks submitted at once, {sqlite.Count} run(s)");
        s.AppendLine();
        s.AppendLine("Each run: fresh temp SQLite file and node; all N `Submit` Asks started in one loop; the clock runs from the first " +
                     "submit to the N-th `AttemptFinished(Succeeded)` seen on the event stream (`TaskChanged` is published after its event " +
                     "is persisted). A lifecycle = TaskCreated, AttemptStarted, AttemptFinished persisted; task events are counted from " +
                     "`TaskChanged`. Submit latency = Ask → `Accepted`. Every task has its own slot.");
        s.AppendLine();
        var ceiling = memory.Count > 0;
        s.AppendLine(ceiling ? "| metric | min | median | max | in-memory journal (median, not durable) | target |" : "| metric | min | median | max | target |");
        s.AppendLine(ceiling ? "|---|---:|---:|---:|---:|---|" : "|---|---:|---:|---:|---|");
        void Row(string metric, Func<LifecycleResult, double> value, string format, string target = "")
        {
            var (min, median, max) = Stats.Summary(sqlite.Select(value));
            var line = $"| {metric} | {F(min, format)} | {F(median, format)} | {F(max, format)} |";
            if (ceiling)
                line += $" {F(Stats.Summary(memory.Select(value)).Median, format)} |";
            s.AppendLine(line + $" {target} |");
        }

        Row("complete lifecycles/s", r => r.LifecyclesPerSecond, "N0", "≥ 5,000");
        Row("task events/s (3 per lifecycle)", r => r.EventsPerSecond, "N0");
        Row("wall time, first submit → last success (s)", r => r.Seconds, "F2");
        Row("submit latency p50 (ms)", r => r.SubmitP50Ms, "N0");
        Row("submit latency p99 (ms)", r => r.SubmitP99Ms, "N0");
        Row("peak working set (MB)", r => r.PeakWorkingSetBytes / 1048576.0, "N0");
        Row("process CPU per lifecycle (ms)", r => r.CpuMsPerLifecycle, "F2");
        Row("allocated per lifecycle (KB)", r => r.AllocatedKbPerLifecycle, "N0");
        Row("gen2 GCs during the phase", r => r.Cost.Gen2, "N0");
        Row("this process's share of all cores (%)", r => 100 * r.Cost.ProcessShare, "N0");
        Row("other processes' share of all cores (%)", r => 100 * r.Cost.OthersShare, "N0");
        s.AppendLine();
        var rows = sqlite.Where(r => r.Rows is not null).Select(r => r.Rows!).ToList();
        if (rows.Count > 0)
        {
            var last = rows[^1];
            s.AppendLine(Inv, $"Journal rows after a run (SQLite, N = {o.Tasks:N0}): {last.TaskEvents:N0} task events, {last.SlotEvents:N0} slot events " +
                              $"(each task has its own slot: claim + release), {last.RegionEvents:N0} task-region events (TaskActivated + TaskDeactivated), " +
                              $"{last.OtherEvents:N0} other, {last.Snapshots:N0} snapshots.");
        }

        var failures = sqlite.Concat(memory).Where(r => r.Failure is not null).Select(r => r.Failure).ToList();
        s.AppendLine(Inv, $"Failures: {(failures.Count == 0 ? "none" : string.Join("; ", failures))}.");
        s.AppendLine();
    }

    private static void ColdStart(StringBuilder s, BenchOptions o, BuildResult b, IReadOnlyList<RestartResult> restarts)
    {
        s.AppendLine(Inv, $"## 2. Cold start: F = {b.FinishedBuilt:N0} finished + A = {b.Active:N0} active tasks, {restarts.Count} restart(s) " +
                          $"({(o.RestartMode == "process" ? "each in a fresh child process" : "each in a fresh actor system in this process")})");
        s.AppendLine();
        s.AppendLine(Inv, $"Store built through the runtime (one node, at most {o.BuildWindow:N0} finished tasks in flight, build budget " +
                          $"{(o.BuildBudgetSeconds > 0 ? o.BuildBudgetSeconds.ToString(Inv) + " s" : "none")}):");
        s.AppendLine();
        s.AppendLine("| F requested | F built | build time (s) | lifecycles/s while building | time F requested would take (s) | A | A running after (s) | region active at crash | store file (MB) | peak working set (MB) | process / others' share of cores (%) |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        s.AppendLine(Inv, $"| {b.FinishedRequested:N0} | {b.FinishedBuilt:N0} | {b.FinishedSeconds:F0} | {b.BuildLifecyclesPerSecond:N0} | " +
                          $"{b.ExtrapolatedSecondsForRequested:N0} | {b.Active:N0} | {b.ActiveSeconds:F1} | {b.RegionActiveAtCrash:N0} | " +
                          $"{b.StoreBytes / 1048576.0:N0} | {b.PeakWorkingSetBytes / 1048576.0:N0} | {100 * b.Cost.ProcessShare:F0} / {100 * b.Cost.OthersShare:F0} |");
        s.AppendLine();
        if (b.RegionActiveAtCrash < b.Active)
        {
            s.AppendLine(Inv, $"**The task region remembered only {b.RegionActiveAtCrash:N0} of the {b.Active:N0} running tasks as active just before the crash**, " +
                              $"so a restart cannot wake the others without a client asking (see the resume rows below).");
            s.AppendLine();
        }

        if (b.BudgetHit)
            s.AppendLine(Inv, $"**F is below the requested {b.FinishedRequested:N0}**: the build budget ran out; at the measured build rate the requested store would take " +
                              $"~{b.ExtrapolatedSecondsForRequested / 60:F0} min to build. The region wakes only the tasks it remembers as active, but F still " +
                              $"matters at a restart: through the file size and, when the node runs the read-side index, through its rebuild, which reads " +
                              $"every journal row while the active tasks resume (see FINDINGS.md).");
        else
            s.AppendLine(Inv, $"F reached the requested {b.FinishedRequested:N0}.");
        s.AppendLine();
        s.AppendLine("Crash = `ActorSystem.Terminate()` with `akka.coordinated-shutdown.run-by-actor-system-terminate = off` (no graceful " +
                     "stop: the attempts stay open in the journal), then `SqliteConnection.ClearAllPools()`; each restart ends with the same crash, " +
                     "so every restart finds A interrupted attempts.");
        s.AppendLine();
        s.AppendLine("**Resumed (definition):** " + ColdStartBench.ResumeDefinition);
        s.AppendLine();
        s.AppendLine("| metric | min | median | max | target |");
        s.AppendLine("|---|---:|---:|---:|---|");
        void Row(string metric, Func<RestartResult, double> value, string format, string target = "")
        {
            var (min, median, max) = Stats.Summary(restarts.Select(value));
            s.AppendLine($"| {metric} | {F(min, format)} | {F(median, format)} | {F(max, format)} | {target} |");
        }

        Row("tasks that resumed on their own (no client asking)", r => r.ResumedOnTheirOwn, "N0", $"{b.Active:N0}");
        Row("time to all A resumed on their own (s)", r => r.AllResumedSeconds, "F2", "< 5 s");
        Row("time to all A interrupted attempts closed (s)", r => r.AllClosedSeconds, "F2");
        if (restarts.Any(r => !double.IsNaN(r.TouchedResumedSeconds)))
        {
            Row("**fallback:** client Get to each active task → all resumed (s)", r => r.TouchedResumedSeconds, "F2");
            Row("**fallback:** client Get to each → all interrupted attempts closed (s)", r => r.TouchedClosedSeconds, "F2");
        }

        Row("TaskActorsNode.Start returned after (s)", r => r.NodeStartSeconds, "F2");
        if (o.RestartMode == "process")
            Row("process start → Start call (s, .NET start-up, not in the times above)", r => r.ProcessUptimeAtStartSeconds, "F2");
        Row(o.RestartMode == "process" ? "peak working set of the process (MB)" : "peak working set during the restart (MB)", r => r.PeakWorkingSetBytes / 1048576.0, "N0", "< 500 MB");
        Row("working set after resume (MB)", r => r.WorkingSetBytes / 1048576.0, "N0");
        Row("GC heap after resume (MB)", r => r.GcHeapBytes / 1048576.0, "N0");
        Row("live GC heap after a full GC (MB)", r => r.GcHeapAfterFullGcBytes / 1048576.0, "N0");
        Row("process CPU, Start (or touch) → all resumed (s)", r => r.CpuSeconds, "F2");
        Row("process CPU per resumed task (ms)", r => 1000 * r.CpuSeconds / Math.Max(1, r.Resumed), "F2");
        Row("allocated, Start → all resumed (MB)", r => r.AllocatedBytes / 1048576.0, "N0");
        Row("this process's share of all cores (%)", r => 100 * r.ProcessShare, "N0");
        Row("other processes' share of all cores (%)", r => 100 * Math.Max(0, r.MachineShare - r.ProcessShare), "N0");
        Row("tasks resumed in the end", r => r.Resumed, "N0", $"{b.Active:N0}");
        Row("events of finished tasks (woken needlessly)", r => r.UntrackedEvents, "N0", "0");
        Row("region: active remembered / TaskActors alive", r => r.RegionActive, "N0");
        s.AppendLine();
        var failures = restarts.Where(r => r.Failure is not null).Select(r => r.Failure).Append(b.Failure).Where(f => f is not null).ToList();
        s.AppendLine(Inv, $"Failures: {(failures.Count == 0 ? "none" : string.Join("; ", failures))}.");
        s.AppendLine();
    }

    private static void WhereTimeGoes(
        StringBuilder s, BenchOptions o, IReadOnlyList<LifecycleResult> sqlite, IReadOnlyList<LifecycleResult> memory, BuildResult? build, IReadOnlyList<RestartResult> restarts)
    {
        s.AppendLine("## Where the time goes");
        s.AppendLine();
        var cores = Environment.ProcessorCount;
        if (sqlite.Count > 0)
        {
            var cpu = Stats.Summary(sqlite.Select(r => r.CpuMsPerLifecycle)).Median;
            var alloc = Stats.Summary(sqlite.Select(r => r.AllocatedKbPerLifecycle)).Median;
            var rate = Stats.Summary(sqlite.Select(r => r.LifecyclesPerSecond)).Median;
            var share = Stats.Summary(sqlite.Select(r => r.Cost.ProcessShare)).Median;
            var others = Stats.Summary(sqlite.Select(r => r.Cost.OthersShare)).Median;
            var budget = 1000.0 * cores / 5000;
            s.AppendLine("- A CPU profile of a lifecycle run and of a restart is in FINDINGS.md (next to this file).");
            s.AppendLine(Inv, $"- **Lifecycles are CPU-bound.** Median process CPU is **{cpu:F2} ms per lifecycle** ({alloc:N0} KB allocated). " +
                              $"On {cores} fully free cores that caps the rate at {1000.0 * cores / cpu:N0} lifecycles/s; the target of 5,000/s needs " +
                              $"≤ {budget:F2} ms CPU per lifecycle, i.e. {cpu / budget:F1}× less. The measured {rate:N0}/s used {100 * share:F0}% of all cores " +
                              $"(other processes {100 * others:F0}%), so {rate:N0}/s is what the CPU the process got could do, not a lock or I/O wait.");
            if (memory.Count > 0)
            {
                var mcpu = Stats.Summary(memory.Select(r => r.CpuMsPerLifecycle)).Median;
                var mrate = Stats.Summary(memory.Select(r => r.LifecyclesPerSecond)).Median;
                s.AppendLine(Inv, $"- **The journal path is most of it.** The same runtime on Akka's in-memory journal costs {mcpu:F2} ms CPU per lifecycle " +
                                  $"({mrate:N0} lifecycles/s): TaskActor + TaskRun + handler + region + Akka ≈ {mcpu:F2} ms, so the SQL journal path " +
                                  $"(Akka.Persistence.Sql/linq2db/SQLite) accounts for ≈ {Math.Max(0, cpu - mcpu):F2} ms ({100 * Math.Max(0, cpu - mcpu) / cpu:F0}%).");
            }

            if (sqlite.LastOrDefault(r => r.Rows is not null)?.Rows is { } rows && sqlite[^1].Succeeded > 0)
            {
                var n = (double)sqlite[^1].Succeeded;
                s.AppendLine(Inv, $"- **Journal work per lifecycle:** {rows.Describe(n)} written, and two recoveries of brand-new persistent actors " +
                                  $"(the TaskActor and its slot's SlotActor; snapshot load + highest-sequence-number query each, ~0.5 ms CPU per actor in " +
                                  $"`bench/TaskActors.Bench.Journal/FINDINGS.md`, where a whole 3-event actor costs ~1.1 ms CPU on this journal). " +
                                  $"Neither the recovery queries of a new id nor the per-query linq2db pipeline can be removed from configuration; " +
                                  $"see FINDINGS.md of the journal benchmark for the plugin-side changes that would.");
            }
        }

        if (build is not null && restarts.Count > 0)
        {
            var cpuPerTask = Stats.Summary(restarts.Select(r => 1000 * r.CpuSeconds / Math.Max(1, r.Resumed))).Median;
            var share = Stats.Summary(restarts.Select(r => r.ProcessShare)).Median;
            var own = Stats.Summary(restarts.Select(r => (double)r.ResumedOnTheirOwn)).Median;
            s.AppendLine(Inv, $"- **Cold start:** the region replays its own small journal (snapshot of the active ids + tail) and should wake the " +
                              $"{build.Active:N0} active tasks; each then recovers (snapshot query + replay of its events), persists the closing of the " +
                              $"interrupted attempt and, 1 ms later, the next AttemptStarted.");
            if (own < build.Active)
            {
                var touched = Stats.Summary(restarts.Select(r => r.TouchedResumedSeconds)).Median;
                s.AppendLine(Inv, $"  **Only {own:N0} of {build.Active:N0} woke on their own** (the region remembered {build.RegionActiveAtCrash:N0} as active at the " +
                                  $"crash), so the wake-at-start requirement failed; touched by a client Get each, all resumed in a median {touched:F2} s, " +
                                  $"{cpuPerTask:F2} ms process CPU per resumed task at {100 * share:F0}% of all cores.");
            }
            else
            {
                var resumed = Stats.Summary(restarts.Select(r => r.AllResumedSeconds)).Median;
                var alloc = Stats.Summary(restarts.Select(r => r.AllocatedBytes / 1024.0 / Math.Max(1, r.Resumed))).Median;
                s.AppendLine(Inv, $"  Median {resumed:F2} s to resume all at {100 * share:F0}% of all cores, **{cpuPerTask:F2} ms process CPU and {alloc:N0} KB allocated " +
                                  $"per resumed task** (fresh process: actor-system start-up, JIT and everything else the node does meanwhile included). " +
                                  $"On {cores} fully free cores that CPU alone takes ≥ {cpuPerTask * build.Active / 1000 / cores:F1} s for {build.Active:N0} tasks.");
            }

            s.AppendLine("  A CPU profile of a restart (FINDINGS.md) splits it between the per-task recovery path of Akka.Persistence.Sql (snapshot " +
                         "load, highest sequence number, replay: one linq2db query and Akka.Streams graph each), the writes of the closed and the new " +
                         "attempt, and the read-side index rebuilding from the whole journal at start.");
            s.AppendLine(Inv, $"- **Building the store** ran at {build.BuildLifecyclesPerSecond:N0} lifecycles/s ({build.FinishedBuilt:N0} in {build.FinishedSeconds:F0} s, " +
                              $"{build.Cost.Cpu.TotalMilliseconds / Math.Max(1, build.FinishedBuilt):F2} ms CPU each, {100 * build.Cost.ProcessShare:F0}% of all cores; " +
                              $"idle tasks also passivate after 30 s during a long build).");
        }

        s.AppendLine();
    }

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, Inv);
}
