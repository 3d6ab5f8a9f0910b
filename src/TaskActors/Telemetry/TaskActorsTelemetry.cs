using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using TaskActors.Client;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;

namespace TaskActors.Telemetry;

/// <summary>
/// TaskActors' OpenTelemetry surface: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/> (<c>TaskActors</c>). Collect them with
/// the OpenTelemetry SDK (<c>AddTaskActorsInstrumentation()</c> in TaskActors.Hosting, or <c>AddMeter("TaskActors")</c>
/// and <c>AddSource("TaskActors")</c>); without a listener every instrument costs next to nothing.
/// </summary>
/// <remarks>
/// <para>Instruments (every measurement carries <c>taskactors.node</c>, the node name of the run records):</para>
/// <list type="bullet">
/// <item><c>taskactors.attempts.started</c> (counter): attempts started; tag <c>taskactors.runner</c>.</item>
/// <item><c>taskactors.attempts.ended</c> (counter): attempts ended; tag <c>taskactors.outcome</c> (succeeded, failed, timeout, canceled).</item>
/// <item><c>taskactors.attempt.duration</c> (histogram, s): how long each attempt ran; tag <c>taskactors.outcome</c>.</item>
/// <item><c>taskactors.task.queue_wait</c> (histogram, s): from a task's acceptance (or rerun) to its first attempt's
/// start, i.e. the wait for its slot plus the start itself.</item>
/// <item><c>taskactors.retries.scheduled</c> (counter): next attempts scheduled; tag <c>taskactors.reason</c> (failure, periodic, interruption).</item>
/// <item><c>taskactors.journal.write.duration</c> (histogram, s): one journal write (a batch of atomic writes) from the
/// plugin's call to its completion.</item>
/// <item><c>taskactors.tasks</c> (observable gauge): tasks in the store by <c>taskactors.phase</c>, from the node's
/// read-side index (refreshed every 2 s).</item>
/// </list>
/// <para>
/// Spans: <c>taskactors.submit</c> (producer) around each <see cref="ITaskClient.SubmitAsync"/>, a child of the caller's
/// current activity; <c>taskactors.attempt</c> (consumer) per attempt, from its start to its end, linked to the
/// submitter's trace context. That context is stored in the task's <c>TaskCreated</c> event, so an attempt that runs after
/// a restart still links to the trace that submitted it.
/// </para>
/// </remarks>
public static class TaskActorsTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>TaskActors</c>.</summary>
    public const string Name = "TaskActors";

    /// <summary>The tag naming the node on every measurement.</summary>
    public const string NodeTag = "taskactors.node";

    private static readonly string? Version = typeof(TaskActorsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
    private static readonly ConcurrentDictionary<object, PhaseCounts> PhaseSources = new();

    /// <summary>The meter of every TaskActors instrument.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>The source of the submit and attempt spans.</summary>
    public static ActivitySource Source { get; } = new(Name, Version);

    internal static Counter<long> AttemptsStarted { get; } =
        Meter.CreateCounter<long>("taskactors.attempts.started", "{attempt}", "Attempts started");

    internal static Counter<long> AttemptsEnded { get; } =
        Meter.CreateCounter<long>("taskactors.attempts.ended", "{attempt}", "Attempts ended, by outcome");

    internal static Histogram<double> AttemptDuration { get; } =
        Meter.CreateHistogram<double>("taskactors.attempt.duration", "s", "How long each attempt ran, by outcome");

    internal static Histogram<double> QueueWait { get; } =
        Meter.CreateHistogram<double>("taskactors.task.queue_wait", "s", "From a task's acceptance or rerun to the start of its first attempt");

    internal static Counter<long> RetriesScheduled { get; } =
        Meter.CreateCounter<long>("taskactors.retries.scheduled", "{attempt}", "Next attempts scheduled, by reason");

    internal static Histogram<double> JournalWriteDuration { get; } =
        Meter.CreateHistogram<double>("taskactors.journal.write.duration", "s", "One journal write (a batch of atomic writes)");

    private static readonly ObservableGauge<long> Tasks =
        Meter.CreateObservableGauge("taskactors.tasks", ObserveTasks, "{task}", "Tasks in the store, by phase");

    /// <summary>Starts the span of one submit (null when nobody listens); the caller disposes it.</summary>
    internal static Activity? StartSubmit(TaskId id, TaskSpec spec)
    {
        var activity = Source.StartActivity("taskactors.submit", ActivityKind.Producer);
        activity?.SetTag("taskactors.task.id", id.Value);
        activity?.SetTag("taskactors.slot", spec.Slot.Value);
        return activity;
    }

    /// <summary>Records the submit's outcome on its span.</summary>
    internal static void EndSubmit(Activity? activity, SubmitResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("taskactors.submit.result", result.GetType().Name);
        if (result is SubmitResult.Rejected or SubmitResult.Invalid)
        {
            activity.SetStatus(ActivityStatusCode.Error, result is SubmitResult.Rejected r ? r.Message : "invalid spec");
        }
    }

    /// <summary>Makes <paramref name="counts"/> part of the <c>taskactors.tasks</c> gauge until <see cref="RemovePhaseSource"/>.</summary>
    internal static void AddPhaseSource(object owner, PhaseCounts counts) => PhaseSources[owner] = counts;

    internal static void RemovePhaseSource(object owner) => PhaseSources.TryRemove(owner, out _);

    private static IEnumerable<Measurement<long>> ObserveTasks()
    {
        foreach (var counts in PhaseSources.Values)
        {
            if (counts.Snapshot() is not { } snapshot)
            {
                continue;
            }

            foreach (var phase in TaskPhaseExtensions.All)
            {
                yield return new Measurement<long>(
                    snapshot[(int)phase],
                    new KeyValuePair<string, object?>(NodeTag, counts.Node),
                    new KeyValuePair<string, object?>("taskactors.phase", phase.ToWireName()));
            }
        }
    }
}

/// <summary>One node's task counts by phase, as last read from its index (null until the first read).</summary>
internal sealed class PhaseCounts(string node)
{
    private long[]? _counts;

    public string Node { get; } = node;

    public long[]? Snapshot() => Volatile.Read(ref _counts);

    public void Set(long[] counts) => Volatile.Write(ref _counts, counts);
}
