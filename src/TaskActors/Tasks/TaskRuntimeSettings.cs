using System.Globalization;
using Akka.Configuration;
using TaskActors.Configuration;
using TaskActors.Runners;

namespace TaskActors.Tasks;

/// <summary>
/// The runtime's settings, read once per node from <c>task-actors.runtime</c> by <see cref="Create"/> (every key is
/// documented, with its default, in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>). Immutable; the
/// task region hands them to every TaskActor and the slot region to every SlotActor.
/// </summary>
/// <param name="NodeName">Recorded in every run record (<c>node-name</c>; empty = the machine's host name).</param>
/// <param name="SnapshotEvery">A task saves a snapshot every this many events (<c>snapshot-every</c>).</param>
/// <param name="PassivateAfter">Idle time after which a settled task stops (<c>passivate-after</c>).</param>
/// <param name="ShutdownGrace">Time allowed to stop and record running attempts on a graceful shutdown (<c>shutdown-grace</c>).</param>
/// <param name="RestartDelay">Delay before an active TaskActor that stopped unexpectedly is started again (<c>restart-delay</c>).</param>
/// <param name="RestartDelayMax">The cap of that delay, which doubles with each consecutive unexpected stop (<c>restart-delay-max</c>).</param>
/// <param name="RegionSnapshotEvery">The task region saves a snapshot of its active ids every this many events (<c>region-snapshot-every</c>).</param>
/// <param name="ClaimTimeout">How long a submission or rerun waits for its slot's answer before it is rejected SlotBusy (<c>claim-timeout</c>).</param>
/// <param name="NoRunnerRecheck">How often a due attempt that no runner on this node can run is checked again (<c>no-runner-recheck</c>).</param>
/// <param name="SlotQueueCapacity">How many tasks may wait in one slot's queue (<c>slot-queue-capacity</c>).</param>
/// <param name="SlotPassivateAfter">Idle time after which a free slot with an empty queue stops (<c>slot-passivate-after</c>).</param>
/// <param name="SlotOwnerVerifyTimeout">How long a restarted slot waits for its owner to say whether it is settled before serving claims (<c>slot-owner-verify-timeout</c>).</param>
/// <param name="SlotSnapshotEvery">A slot saves a snapshot (and drops the events before it) every this many events (<c>slot-snapshot-every</c>).</param>
/// <param name="WakeActiveAtStart">Whether the region wakes every active task when the node starts (<c>wake-active-at-start</c>; off only for short-lived nodes that make one change).</param>
public sealed record TaskRuntimeSettings(
    string NodeName,
    int SnapshotEvery,
    TimeSpan PassivateAfter,
    TimeSpan ShutdownGrace,
    TimeSpan RestartDelay,
    TimeSpan RestartDelayMax,
    int RegionSnapshotEvery,
    TimeSpan ClaimTimeout,
    TimeSpan NoRunnerRecheck,
    int SlotQueueCapacity,
    TimeSpan SlotPassivateAfter,
    TimeSpan SlotOwnerVerifyTimeout,
    int SlotSnapshotEvery,
    bool WakeActiveAtStart)
{
    /// <summary>
    /// After each snapshot a task deletes its journal events older than both the snapshot and the start of its last this
    /// many runs (<c>retain-runs</c>; see <see cref="Model.State.JournalRetention"/>).
    /// </summary>
    public required int RetainRuns { get; init; }

    /// <summary>
    /// The pulse fence of subprocess attempts (<c>fence.pulse</c>, <c>fence.pulse-interval</c>,
    /// <c>fence.pulse-timeout</c>): when on, an attempt whose node stops pulsing (frozen, paused, cut off) is stopped by
    /// its own supervisor.
    /// </summary>
    public required FenceSettings Fence { get; init; }

    /// <summary>The HOCON section these settings are read from.</summary>
    public const string Section = "task-actors.runtime";

    /// <summary>
    /// Reads and checks every key of <c>task-actors.runtime</c> from <paramref name="config"/>, with the reference
    /// configuration as the fallback for keys it does not set. Throws <see cref="TaskActorsConfigurationException"/>
    /// for a value that is not allowed.
    /// </summary>
    public static TaskRuntimeSettings Create(Config config)
    {
        var read = new SettingsReader(config, Section);
        var nodeName = read.String("node-name", "a string (empty = the machine's host name)", _ => true);
        var restartDelay = read.PositiveDuration("restart-delay");
        var restartDelayMax = read.PositiveDuration("restart-delay-max");
        if (restartDelayMax < restartDelay)
        {
            throw read.Invalid("restart-delay-max", string.Create(CultureInfo.InvariantCulture, $"a duration of at least {read.PathOf("restart-delay")} ({restartDelay.TotalMilliseconds}ms)"));
        }

        return new TaskRuntimeSettings(
            string.IsNullOrWhiteSpace(nodeName) ? Environment.MachineName : nodeName,
            read.Int("snapshot-every", atLeast: 1),
            read.PositiveDuration("passivate-after"),
            read.NonNegativeDuration("shutdown-grace"),
            restartDelay,
            restartDelayMax,
            read.Int("region-snapshot-every", atLeast: 1),
            read.PositiveDuration("claim-timeout"),
            read.PositiveDuration("no-runner-recheck"),
            read.Int("slot-queue-capacity", atLeast: 0),
            read.PositiveDuration("slot-passivate-after"),
            read.PositiveDuration("slot-owner-verify-timeout"),
            read.Int("slot-snapshot-every", atLeast: 1),
            read.Boolean("wake-active-at-start"))
        {
            RetainRuns = read.IntBetween("retain-runs", 1, Model.State.TaskState.MaxRunsKept),
            Fence = FenceSettings.Read(read),
        };
    }
}
