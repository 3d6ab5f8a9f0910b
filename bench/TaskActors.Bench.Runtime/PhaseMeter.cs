using System.Diagnostics;
using System.Globalization;

namespace TaskActors.Bench.Runtime;

/// <summary>What a phase cost the process, and how busy the machine was meanwhile.</summary>
/// <param name="Wall">Wall time.</param>
/// <param name="Cpu">CPU time of this process (all threads).</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap.</param>
/// <param name="Gen0">Gen0 collections.</param>
/// <param name="Gen1">Gen1 collections.</param>
/// <param name="Gen2">Gen2 collections.</param>
/// <param name="ProcessShare">This process's CPU as a share of all cores (1 = every core busy with it).</param>
/// <param name="MachineShare">The machine's busy CPU as a share of all cores (from /proc/stat), or NaN.</param>
/// <param name="LoadAverage">/proc/loadavg (1, 5, 15 min) at the end of the phase.</param>
public sealed record PhaseCost(
    TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double ProcessShare, double MachineShare, string LoadAverage)
{
    /// <summary>CPU of other processes as a share of all cores.</summary>
    public double OthersShare => double.IsNaN(MachineShare) ? double.NaN : Math.Max(0, MachineShare - ProcessShare);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Wall.TotalSeconds:F2}s wall, {Cpu.TotalSeconds:F2}s CPU ({100 * ProcessShare:F0}% of all cores; machine busy {100 * MachineShare:F0}%, others {100 * OthersShare:F0}%), " +
        $"{AllocatedBytes / 1048576.0:F0} MB allocated, GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}, loadavg {LoadAverage}");
}

/// <summary>Starts measuring a phase; <see cref="Stop"/> returns its <see cref="PhaseCost"/>.</summary>
public sealed class PhaseMeter
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpu = CurrentCpu();
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: false);
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen1 = GC.CollectionCount(1);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly (long Busy, long Total)? _machine = ReadProcStat();

    public static PhaseMeter Start() => new();

    public PhaseCost Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start);
        var cpu = CurrentCpu() - _cpu;
        var machine = ReadProcStat();
        var machineShare = _machine is { } a && machine is { } b && b.Total > a.Total
            ? (double)(b.Busy - a.Busy) / (b.Total - a.Total)
            : double.NaN;
        return new PhaseCost(
            wall,
            cpu,
            GC.GetTotalAllocatedBytes(precise: false) - _allocated,
            GC.CollectionCount(0) - _gen0,
            GC.CollectionCount(1) - _gen1,
            GC.CollectionCount(2) - _gen2,
            cpu.TotalSeconds / Math.Max(wall.TotalSeconds, 1e-9) / Environment.ProcessorCount,
            machineShare,
            LoadAverage());
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static TimeSpan CurrentCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
    private static (long Busy, long Total)? ReadProcStat()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4];
            var total = fields.Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
