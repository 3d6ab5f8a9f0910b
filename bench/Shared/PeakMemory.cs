namespace TaskActors.Bench.Shared;

/// <summary>Samples the process working set every 50 ms and keeps the maximum (per phase, unlike PeakWorkingSet64).</summary>
public sealed class PeakMemory : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public PeakMemory()
    {
        _peak = Environment.WorkingSet;
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    private void Sample()
    {
        // Environment.WorkingSet reads one /proc file; Process.GetCurrentProcess() parses several.
        var ws = Environment.WorkingSet;
        long seen;
        while (ws > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, ws, seen) != seen)
        {
        }
    }

    public void Dispose() => _timer.Dispose();
}
