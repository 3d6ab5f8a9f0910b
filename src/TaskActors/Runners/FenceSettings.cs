using System.Globalization;
using TaskActors.Configuration;

namespace TaskActors.Runners;

/// <summary>
/// How a node fences its subprocess attempts beyond its own death (<c>task-actors.runtime.fence</c>, read with the other
/// runtime settings by <see cref="Tasks.TaskRuntimeSettings.Create"/>). With <see cref="Pulse"/> on, the node writes
/// one byte to every live attempt's supervisor every <see cref="PulseInterval"/> (<see cref="SupervisorPulse"/>), and a
/// supervisor that hears nothing for <see cref="PulseTimeout"/> stops its attempt's process group (SIGTERM, the task's
/// stop grace, SIGKILL) as it does when the node dies: a frozen or cut-off node's attempts end on their own.
/// </summary>
/// <param name="Pulse">Whether the node pulses its supervisors (<c>fence.pulse</c>; off by default: a single node has no one to take over).</param>
/// <param name="PulseInterval">How often the node writes to each supervisor (<c>fence.pulse-interval</c>).</param>
/// <param name="PulseTimeout">How long a supervisor waits for a byte before it stops its attempt (<c>fence.pulse-timeout</c>; above the interval).</param>
public sealed record FenceSettings(bool Pulse, TimeSpan PulseInterval, TimeSpan PulseTimeout)
{
    /// <summary>Reads and checks the <c>fence</c> keys of the runtime section.</summary>
    internal static FenceSettings Read(SettingsReader read)
    {
        var pulse = read.Boolean("fence.pulse");
        var interval = read.PositiveDuration("fence.pulse-interval");
        var timeout = read.PositiveDuration("fence.pulse-timeout");
        if (timeout <= interval)
        {
            throw read.Invalid("fence.pulse-timeout", string.Create(CultureInfo.InvariantCulture,
                $"a duration above {read.PathOf("fence.pulse-interval")} ({interval.TotalMilliseconds}ms), a few intervals so that a late beat is no silence"));
        }

        return new FenceSettings(pulse, interval, timeout);
    }
}
