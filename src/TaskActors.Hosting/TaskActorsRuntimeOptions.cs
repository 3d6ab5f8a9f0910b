namespace TaskActors.Hosting;

/// <summary>
/// Runtime settings that can come from appsettings (<c>TaskActors:Runtime</c>) or code; each one that is set becomes
/// its <c>task-actors.runtime.*</c> HOCON key (documented in <c>hocon/task-actors.reference.conf</c>), so the runtime
/// reads it exactly as if it had been written in HOCON. Null keeps the HOCON's value.
/// </summary>
public sealed class TaskActorsRuntimeOptions
{
    /// <summary>A task saves a snapshot every this many events (<c>snapshot-every</c>, default 100; at least 1).</summary>
    public int? SnapshotEvery { get; set; }

    /// <summary>A settled, idle task stops after this long (<c>passivate-after</c>, default 30 s; more than zero).</summary>
    public TimeSpan? PassivateAfter { get; set; }

    /// <summary>How many tasks may wait in one slot's queue (<c>slot-queue-capacity</c>, default 100; at least 1).</summary>
    public int? SlotQueueCapacity { get; set; }

    /// <summary>A free slot with an empty queue stops after this long (<c>slot-passivate-after</c>, default 30 s; more than zero).</summary>
    public TimeSpan? SlotPassivateAfter { get; set; }

    /// <summary>An active task whose actor stopped unexpectedly is started again after this (<c>restart-delay</c>, default 1 s; not negative).</summary>
    public TimeSpan? RestartDelay { get; set; }

    /// <summary>Changes one watch may hold for a slow subscriber before it overflows (<c>task-actors.queries.watch.buffer-size</c>, default 10,000; at least 1).</summary>
    public int? WatchBufferSize { get; set; }
}
