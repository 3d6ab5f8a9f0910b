using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskActors.Telemetry;

namespace TaskActors.Hosting;

/// <summary>
/// Registers TaskActors' meter and activity source (both named <c>TaskActors</c>, see <see cref="TaskActorsTelemetry"/>)
/// with the OpenTelemetry SDK's builders.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithMetrics(m => m.AddTaskActorsInstrumentation().AddOtlpExporter())
///     .WithTracing(t => t.AddTaskActorsInstrumentation().AddOtlpExporter());
/// </code>
/// </example>
public static class TaskActorsInstrumentation
{
    /// <summary>Collects the <c>TaskActors</c> meter: attempts started/ended, attempt duration, queue wait, retries, journal write latency, tasks by phase.</summary>
    public static MeterProviderBuilder AddTaskActorsInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(TaskActorsTelemetry.Name);
    }

    /// <summary>Collects the <c>TaskActors</c> spans: one per submit, one per attempt (linked to the submitter's trace).</summary>
    public static TracerProviderBuilder AddTaskActorsInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(TaskActorsTelemetry.Name);
    }
}
