using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskActors.Client;
using TaskActors.Hosting;
using TaskActors.Model.Policies;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Telemetry;

namespace TaskActors.AspNetCore.Tests;

/// <summary>The TaskActors meter and spans, collected by the OpenTelemetry SDK with its in-memory exporter.</summary>
public sealed class TelemetrySpec
{
    private static readonly ActivitySource Caller = new("TaskActors.Tests.Caller");

    [Fact]
    public async Task A_task_that_fails_once_then_succeeds_shows_in_the_metrics_and_as_two_attempt_spans_linked_to_its_submitter()
    {
        var node = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddTaskActorsInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(Caller.Name).AddTaskActorsInstrumentation().AddInMemoryExporter(spans).Build();
        await using var web = await WebApp.StartAsync(options: o => o.NodeName = node);

        ActivityTraceId trace;
        using (var request = Caller.StartActivity("caller"))
        {
            trace = request!.TraceId;
            var spec = TaskSpec.Builder("telemetry", HandlerWorkload.Create("flaky", new { failures = 1 }))
                .Restart(RestartPolicy.OnFailure).Backoff(new BackoffPolicy(JitterPolicy.None, 10, 10, 1)).Build();
            Assert.IsType<SubmitResult.Accepted>(await web.Local.SubmitAsync(spec, "telemetry-1"));
        }

        await web.WaitForAsync("telemetry-1", t => t.IsSettled);
        // The gauge counts what the index lists; it is read every 2 s: collect until it shows the task.
        await CollectUntilAsync(meterProvider, metrics, () => Sum(metrics, "taskactors.tasks", node, ("taskactors.phase", "succeeded")) >= 1);
        tracerProvider.ForceFlush();

        Assert.Equal(2, Sum(metrics, "taskactors.attempts.started", node));
        Assert.Equal(1, Sum(metrics, "taskactors.attempts.ended", node, ("taskactors.outcome", "failed")));
        Assert.Equal(1, Sum(metrics, "taskactors.attempts.ended", node, ("taskactors.outcome", "succeeded")));
        Assert.Equal(1, Sum(metrics, "taskactors.retries.scheduled", node, ("taskactors.reason", "failure")));
        Assert.Equal(2, Count(metrics, "taskactors.attempt.duration", node));
        Assert.Equal(1, Count(metrics, "taskactors.task.queue_wait", node));
        Assert.True(Count(metrics, "taskactors.journal.write.duration", node) >= 4);

        var submit = Assert.Single(spans, s => s.OperationName == "taskactors.submit" && (string?)s.GetTagItem("taskactors.task.id") == "telemetry-1");
        Assert.Equal(trace, submit.TraceId);
        var attempts = spans.Where(s => s.OperationName == "taskactors.attempt" && (string?)s.GetTagItem("taskactors.task.id") == "telemetry-1")
            .OrderBy(s => (int)s.GetTagItem("taskactors.attempt")!).ToList();
        Assert.Equal(["failed", "succeeded"], attempts.Select(a => (string?)a.GetTagItem("taskactors.outcome")));
        Assert.All(attempts, a => Assert.Equal(submit.Context.SpanId, Assert.Single(a.Links).Context.SpanId));
        Assert.All(attempts, a => Assert.True(a.Duration > TimeSpan.Zero));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
    }

    private static async Task CollectUntilAsync(MeterProvider provider, List<Metric> metrics, Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            metrics.Clear();
            provider.ForceFlush();
            if (condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
        }
    }

    private static double Sum(List<Metric> metrics, string name, string node, params (string Key, string Value)[] tags) =>
        Points(metrics, name, node, tags).Sum(p => p.MetricType switch
        {
            MetricType.LongSum => p.Point.GetSumLong(),
            MetricType.LongGauge => p.Point.GetGaugeLastValueLong(),
            _ => p.Point.GetSumDouble(),
        });

    private static long Count(List<Metric> metrics, string name, string node) => Points(metrics, name, node, []).Sum(p => p.Point.GetHistogramCount());

    private static IEnumerable<(MetricType MetricType, MetricPoint Point)> Points(List<Metric> metrics, string name, string node, (string Key, string Value)[] tags)
    {
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (Equals(pointTags.GetValueOrDefault(TaskActorsTelemetry.NodeTag), node) && tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                {
                    yield return (metric.MetricType, point);
                }
            }
        }
    }
}
