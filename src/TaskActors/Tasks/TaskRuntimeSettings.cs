using Akka.Configuration;

namespace TaskActors.Tasks;

/// <summary>
/// The runtime's settings, read once from <c>task-actors.runtime</c> (every key is documented in
/// <c>hocon/task-actors.reference.conf</c>). Immutable; the task region hands them to every TaskActor.
/// </summary>
/// <param name="NodeName">Recorded in every run record.</param>
/// <param name="SnapshotEvery">A snapshot every this many events.</param>
/// <param name="PassivateAfter">Idle time after which a settled task stops.</param>
/// <param name="ShutdownGrace">Time allowed to stop and record running attempts on a graceful shutdown.</param>
/// <param name="RestartDelay">Delay before an active TaskActor that stopped unexpectedly is started again.</param>
/// <param name="SlotQueueCapacity">How many tasks may wait in one slot's queue.</param>
/// <param name="SlotPassivateAfter">Idle time after which a free slot with an empty queue stops.</param>
/// <param name="WakeActiveAtStart">Whether the region wakes every active task when the node starts (off only for short-lived nodes that make one change).</param>
public sealed record TaskRuntimeSettings(
    string NodeName,
    int SnapshotEvery,
    TimeSpan PassivateAfter,
    TimeSpan ShutdownGrace,
    TimeSpan RestartDelay,
    int SlotQueueCapacity,
    TimeSpan SlotPassivateAfter,
    bool WakeActiveAtStart = true)
{
    /// <summary>Reads the settings from a config that has the reference configuration as its fallback.</summary>
    public static TaskRuntimeSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetConfig("task-actors.runtime") ?? throw new ArgumentException("missing task-actors.runtime section", nameof(config));
        var node = section.GetString("node-name", string.Empty);
        var snapshotEvery = section.GetInt("snapshot-every", 100);
        if (snapshotEvery < 1)
        {
            throw new ArgumentException($"task-actors.runtime.snapshot-every must be at least 1, got {snapshotEvery}", nameof(config));
        }

        return new TaskRuntimeSettings(
            string.IsNullOrWhiteSpace(node) ? Environment.MachineName : node,
            snapshotEvery,
            section.GetTimeSpan("passivate-after", TimeSpan.FromSeconds(30)),
            section.GetTimeSpan("shutdown-grace", TimeSpan.FromSeconds(10)),
            section.GetTimeSpan("restart-delay", TimeSpan.FromSeconds(1)),
            section.GetInt("slot-queue-capacity", Model.Policies.PolicyDefaults.SlotQueueCapacity),
            section.GetTimeSpan("slot-passivate-after", TimeSpan.FromSeconds(30)),
            section.GetBoolean("wake-active-at-start", true));
    }
}
