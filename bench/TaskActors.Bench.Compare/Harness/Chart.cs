using ScottPlot;
using TaskActors.Bench.Compare.Cells;

namespace TaskActors.Bench.Compare;

/// <summary>
/// <c>docs/benchmarks.png</c>: one panel per workload 1–4, a horizontal bar per system with its median value written on
/// it (durable stores dark, in-memory stores and plain loops light), on a log scale so a 100× gap stays readable.
/// </summary>
public static class Chart
{
    private static readonly Color Durable = Color.FromHex("#1f5f8b");
    private static readonly Color NotDurable = Color.FromHex("#9ec5e0");
    private static readonly Color Ours = Color.FromHex("#d2691e");
    private static readonly Color OursFull = Color.FromHex("#e9a46a");

    public static void Save(RunSummary s, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        Panel(multiplot.GetPlot(0), s, Workloads.OneShot, $"1. one-shot no-op jobs, N={s.Sizes.OneShot:N0}: jobs/s (higher is better)", r => r.Throughput, lowerIsBetter: false);
        Panel(multiplot.GetPlot(1), s, Workloads.Retry, $"2. fail twice, then succeed, N={s.Sizes.Retry:N0}: jobs/s (higher is better)", r => r.Throughput, lowerIsBetter: false);
        Panel(multiplot.GetPlot(2), s, Workloads.Latency, $"3. submit-to-start p99 at {s.Sizes.Rate:N0}/s: ms (lower is better)", r => r.P99Ms, lowerIsBetter: true);
        Panel(multiplot.GetPlot(3), s, Workloads.Subprocess, $"4. subprocess `true`, N={s.Sizes.Subprocess:N0}: jobs/s (higher is better)", r => r.Throughput, lowerIsBetter: false);
        const string caption = "log scale · medians · orange: TaskActors · dark blue: durable store · light blue: in memory or no store";
        foreach (var plot in multiplot.GetPlots())
            plot.XLabel(caption, 10);
        multiplot.SavePng(path, 1600, 1000);
    }

    private static void Panel(Plot plot, RunSummary s, string workload, string title, Func<CellResult, double> value, bool lowerIsBetter)
    {
        // Bars are drawn in decades above the axis origin (10^origin), so every bar length is positive and its label
        // sits after its end: 1 for rates, 0.1 ms for latencies.
        var origin = lowerIsBetter ? -1 : 0;
        var systems = Lineup.For(workload).Where(sys => s.Runs(sys, workload).Count > 0).ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < systems.Count; i++)
        {
            var system = systems[i];
            var v = Stat.Of(s.Runs(system, workload).Select(value)).Median;
            if (double.IsNaN(v) || v <= 0)
                continue;
            var position = systems.Count - 1 - i;
            var (label, durable) = Lineup.Describe(system);
            bars.Add(new Bar
            {
                Position = position,
                Value = Math.Max(0.02, Math.Log10(v) - origin),
                ValueBase = 0,
                FillColor = system == Lineup.TaskActors ? Ours : system == Lineup.TaskActorsFull ? OursFull : durable ? Durable : NotDurable,
                Label = (lowerIsBetter ? Report.Ms(v) + " ms" : Report.Rate(v) + "/s"),
                Orientation = Orientation.Horizontal,
            });
            ticks.Add(new Tick(position, Shorten(label)));
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 12;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        var decades = bars.Count == 0 ? 4 : (int)Math.Ceiling(bars.Max(b => b.Value)) + 1;
        var logTicks = Enumerable.Range(0, decades + 1)
            .Select(d => new Tick(d, Math.Pow(10, d + origin).ToString(d + origin < 0 ? "0.#" : "N0", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(logTicks);
        plot.Axes.SetLimitsX(0, decades + 0.3);
        plot.Axes.SetLimitsY(-0.6, Math.Max(1, systems.Count) - 0.4);
        plot.Title(title, 13);
        plot.HideGrid();
    }

    private static string Shorten(string label) => label
        .Replace(" (SQLite file, durability normal = product default)", " (SQLite, normal)", StringComparison.Ordinal)
        .Replace(" (SQLite file, durability full)", " (SQLite, full)", StringComparison.Ordinal)
        .Replace("Hangfire.Storage.SQLite", "SQLite", StringComparison.Ordinal)
        .Replace("Hangfire.InMemory", "InMemory", StringComparison.Ordinal)
        .Replace(" + ADO store on SQLite", " + ADO/SQLite", StringComparison.Ordinal);
}
