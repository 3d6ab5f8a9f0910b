using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Specs;

public sealed class TaskSpecBuilderSpec
{
    private static readonly SubprocessWorkload Report = SubprocessWorkload.Command("dotnet", "report.dll");

    [Fact]
    public void A_new_builder_has_the_documented_defaults()
    {
        var spec = TaskSpec.Builder("reports", Report).Build();

        Assert.Equal(new Slot("reports"), spec.Slot);
        Assert.Equal(Report, spec.Workload);
        Assert.Equal(3_600_000, spec.TimeoutMs);
        Assert.Equal(TimeSpan.FromHours(1), spec.Timeout);
        Assert.Equal(RestartPolicy.Never, spec.Restart);
        Assert.Equal(new BackoffPolicy(JitterPolicy.Full, 1000, 30_000, 2.0), spec.Backoff);
        Assert.Null(spec.MaxRetries);
        Assert.Equal(AdmissionPolicy.DropIfRunning, spec.Admission);
        Assert.Null(spec.RunnerSelector);
        Assert.Equal(Labels.Empty, spec.Labels);
    }

    [Fact]
    public void Every_setter_is_applied()
    {
        var backoff = new BackoffPolicy(JitterPolicy.Equal, 200, 5000, 3.0);
        var selector = LabelSelector.ForLabels(("os", "linux"));

        var spec = new TaskSpecBuilder("nightly", Report)
            .TimeoutMs(30_000)
            .Restart(RestartPolicy.OnFailure)
            .Backoff(backoff)
            .MaxRetries(5)
            .Admission(AdmissionPolicy.Queue)
            .RunnerSelector(selector)
            .Label("team", "finance")
            .Build();

        Assert.Equal(new Slot("nightly"), spec.Slot);
        Assert.Equal(30_000, spec.TimeoutMs);
        Assert.Equal(RestartPolicy.OnFailure, spec.Restart);
        Assert.Equal(backoff, spec.Backoff);
        Assert.Equal(5, spec.MaxRetries);
        Assert.Equal(AdmissionPolicy.Queue, spec.Admission);
        Assert.Equal(selector, spec.RunnerSelector);
        Assert.Equal(Labels.Of(("team", "finance")), spec.Labels);
    }

    [Fact]
    public void Timeout_accepts_a_time_span_in_whole_milliseconds()
    {
        var spec = TaskSpec.Builder("s", Report).Timeout(TimeSpan.FromSeconds(90.5)).Build();

        Assert.Equal(90_500, spec.TimeoutMs);
        Assert.Equal(TimeSpan.FromMilliseconds(90_500), spec.Timeout);
    }

    [Fact]
    public void Label_adds_or_replaces_and_Labels_replaces_all()
    {
        var added = TaskSpec.Builder("s", Report).Label("a", "1").Label("b", "2").Label("a", "3").Build();
        var replaced = TaskSpec.Builder("s", Report).Label("a", "1").Labels(Labels.Of(("c", "4"))).Build();

        Assert.Equal(Labels.Of(("a", "3"), ("b", "2")), added.Labels);
        Assert.Equal(Labels.Of(("c", "4")), replaced.Labels);
    }

    [Fact]
    public void Max_retries_and_runner_selector_can_be_reset_to_none()
    {
        var spec = TaskSpec.Builder("s", Report)
            .MaxRetries(3).MaxRetries(null)
            .RunnerSelector(LabelSelector.ForLabels(("os", "linux"))).RunnerSelector(null)
            .Build();

        Assert.Null(spec.MaxRetries);
        Assert.Null(spec.RunnerSelector);
    }

    [Fact]
    public void Build_throws_a_SpecValidationException_listing_every_error()
    {
        var builder = TaskSpec.Builder("bad slot", SubprocessWorkload.Command(""))
            .TimeoutMs(0)
            .MaxRetries(-1);

        var error = Assert.Throws<SpecValidationException>(() => builder.Build());

        Assert.Equal(["spec.slot", "spec.workload.subprocess.command", "spec.timeoutMs", "spec.maxRetries"], error.Errors.Select(e => e.Path));
        Assert.StartsWith("the task spec has 4 error(s):", error.Message, StringComparison.Ordinal);
        Assert.All(error.Errors, e => Assert.Contains("  " + e, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildUnchecked_does_not_validate()
    {
        var spec = TaskSpec.Builder("", SubprocessWorkload.Command("")).TimeoutMs(-5).BuildUnchecked();

        Assert.Equal(new Slot(""), spec.Slot);
        Assert.Equal(-5, spec.TimeoutMs);
        Assert.Equal(3, TaskSpecValidator.Validate(spec).Count);
    }

    [Fact]
    public void Build_and_BuildUnchecked_give_equal_specs_when_valid()
    {
        var builder = TaskSpec.Builder("s", Report).Label("a", "1").RunnerSelector(LabelSelector.ForLabels(("os", "linux")));

        Assert.Equal(builder.BuildUnchecked(), builder.Build());
    }
}
