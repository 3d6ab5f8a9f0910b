using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Specs;

public sealed class TaskSpecValidatorSpec
{
    private static TaskSpec Valid() =>
        TaskSpec.Builder("reports", SubprocessWorkload.Command("dotnet", "report.dll"))
            .TimeoutMs(30_000)
            .Restart(RestartPolicy.OnFailure)
            .MaxRetries(5)
            .Admission(AdmissionPolicy.Queue)
            .RunnerSelector(LabelSelector.ForLabels(("os", "linux")))
            .Label("team", "finance")
            .BuildUnchecked();

    private static FieldError SingleError(TaskSpec spec) => Assert.Single(TaskSpecValidator.Validate(spec));

    [Fact]
    public void A_valid_spec_has_no_errors()
    {
        Assert.Empty(TaskSpecValidator.Validate(Valid()));
    }

    [Theory]
    [InlineData("", "'' must not be empty")]
    [InlineData("a/b", "'a/b' contains '/' at position 2")]
    [InlineData("..", "'..' must not be '..'")]
    public void A_bad_slot_is_reported_at_spec_slot(string slot, string problem)
    {
        var error = SingleError(Valid() with { Slot = new Slot(slot) });

        Assert.Equal("spec.slot", error.Path);
        Assert.Equal(problem, error.Problem);
        Assert.Equal("1 to 64 characters from A-Z a-z 0-9 . _ -, not '.' or '..'", error.Allowed);
    }

    [Fact]
    public void A_slot_that_is_too_long_is_reported_at_spec_slot()
    {
        var error = SingleError(Valid() with { Slot = new Slot(new string('s', 65)) });

        Assert.Equal("spec.slot", error.Path);
        Assert.EndsWith("is 65 characters long, longer than the maximum 64", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_workload_is_reported_at_spec_workload()
    {
        var error = SingleError(Valid() with { Workload = null! });

        Assert.Equal("spec.workload", error.Path);
        Assert.Equal("is required", error.Problem);
        Assert.Equal("one of subprocess, handler, wasm, container", error.Allowed);
    }

    [Fact]
    public void An_empty_command_is_reported_at_spec_workload_subprocess_command()
    {
        Assert.Equal("spec.workload.subprocess.command", SingleError(Valid() with { Workload = SubprocessWorkload.Command(" ") }).Path);
    }

    [Fact]
    public void Workload_errors_of_every_kind_are_reported_under_spec_workload()
    {
        Assert.Equal("spec.workload.handler.name", SingleError(Valid() with { Workload = HandlerWorkload.Create("") }).Path);
        Assert.Equal("spec.workload.wasm.module", SingleError(Valid() with { Workload = new WasmWorkload("", ValueList<string>.Empty, ValueList<EnvVar>.Empty) }).Path);
        Assert.Equal(
            "spec.workload.container.image",
            SingleError(Valid() with { Workload = new ContainerWorkload("", ValueList<string>.Empty, ValueList<string>.Empty, ValueList<EnvVar>.Empty) }).Path);
        Assert.Equal("spec.workload.subprocess.script.body", SingleError(Valid() with { Workload = SubprocessWorkload.Script(ScriptRuntime.Bash, "") }).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void A_timeout_not_above_zero_is_reported_at_spec_timeoutMs(long timeoutMs)
    {
        var error = SingleError(Valid() with { TimeoutMs = timeoutMs });

        Assert.Equal("spec.timeoutMs", error.Path);
        Assert.Equal($"must be greater than zero, got {timeoutMs}", error.Problem);
        Assert.Equal("an integer number of milliseconds >= 1", error.Allowed);
    }

    [Fact]
    public void A_timeout_of_one_millisecond_is_valid()
    {
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { TimeoutMs = 1 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60_000)]
    [InlineData(PolicyDefaults.MaxDurationMs + 1)]
    public void A_periodic_interval_outside_one_ms_to_365_days_is_reported_at_spec_restart_intervalMs(long intervalMs)
    {
        var error = SingleError(Valid() with { Restart = RestartPolicy.Periodic(intervalMs) });

        Assert.Equal("spec.restart.intervalMs", error.Path);
        Assert.Equal($"must be between 1 and 31536000000 (365 days), got {intervalMs}", error.Problem);
        Assert.Equal("1 to 31536000000 milliseconds, or omit it to restart at once", error.Allowed);
    }

    [Fact]
    public void Durations_above_365_days_are_rejected_so_every_due_time_stays_representable()
    {
        var spec = Valid() with { TimeoutMs = long.MaxValue, Backoff = new BackoffPolicy(JitterPolicy.Full, 1, long.MaxValue, 2) };

        var errors = TaskSpecValidator.Validate(spec);

        Assert.Equal(["spec.timeoutMs", "spec.backoff.maxMs"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("365 days", e.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_restart_policy_with_a_positive_or_no_interval_is_valid()
    {
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { Restart = RestartPolicy.Never }));
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { Restart = RestartPolicy.OnFailure }));
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { Restart = RestartPolicy.Always }));
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { Restart = RestartPolicy.Periodic(1) }));
    }

    [Fact]
    public void A_missing_backoff_is_reported_at_spec_backoff()
    {
        var error = SingleError(Valid() with { Backoff = null! });

        Assert.Equal("spec.backoff", error.Path);
        Assert.Equal("is required", error.Problem);
    }

    [Fact]
    public void Backoff_errors_are_reported_under_spec_backoff()
    {
        Assert.Equal("spec.backoff.firstMs", SingleError(Valid() with { Backoff = BackoffPolicy.Default with { FirstMs = 0, MaxMs = 10 } }).Path);
        Assert.Equal("spec.backoff.maxMs", SingleError(Valid() with { Backoff = BackoffPolicy.Default with { MaxMs = 999 } }).Path);
        Assert.Equal("spec.backoff.factor", SingleError(Valid() with { Backoff = BackoffPolicy.Default with { Factor = 0.5 } }).Path);
        Assert.Equal("spec.backoff.jitter", SingleError(Valid() with { Backoff = BackoffPolicy.Default with { Jitter = (JitterPolicy)5 } }).Path);
    }

    [Fact]
    public void Negative_max_retries_are_reported_at_spec_maxRetries()
    {
        var error = SingleError(Valid() with { MaxRetries = -1 });

        Assert.Equal("spec.maxRetries", error.Path);
        Assert.Equal("must not be negative, got -1", error.Problem);
        Assert.Equal("an integer >= 0, or omit it for unlimited retries", error.Allowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Zero_positive_or_no_max_retries_are_valid(int? maxRetries)
    {
        Assert.Empty(TaskSpecValidator.Validate(Valid() with { MaxRetries = maxRetries }));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(3_600_001L)]
    public void A_stop_grace_period_outside_zero_to_one_hour_is_reported_at_spec_stopGracePeriodMs(long grace)
    {
        var error = SingleError(Valid() with { StopGracePeriodMs = grace });

        Assert.Equal("spec.stopGracePeriodMs", error.Path);
        Assert.Equal($"must be between 0 and 3600000 (one hour), got {grace}", error.Problem);
        Assert.Equal("0 to 3600000 milliseconds (0 = SIGKILL at once), or omit it for 5000", error.Allowed);
    }

    [Fact]
    public void The_stop_grace_period_defaults_to_five_seconds_and_interruptions_to_retry()
    {
        var spec = Valid();

        Assert.Equal(5_000, spec.StopGracePeriodMs);
        Assert.Equal(InterruptionPolicy.Retry, spec.OnInterruption);
        Assert.Empty(TaskSpecValidator.Validate(spec with { StopGracePeriodMs = 0 }));
        Assert.Empty(TaskSpecValidator.Validate(spec with { StopGracePeriodMs = 3_600_000, OnInterruption = InterruptionPolicy.Fail }));
    }

    [Fact]
    public void An_undefined_interruption_policy_is_reported_at_spec_onInterruption()
    {
        var error = SingleError(Valid() with { OnInterruption = (InterruptionPolicy)9 });

        Assert.Equal("spec.onInterruption", error.Path);
        Assert.Equal("retry, fail", error.Allowed);
    }

    [Fact]
    public void An_undefined_admission_policy_is_reported_at_spec_admission()
    {
        var error = SingleError(Valid() with { Admission = (AdmissionPolicy)42 });

        Assert.Equal("spec.admission", error.Path);
        Assert.Equal("'42' is not an admission policy", error.Problem);
        Assert.Equal("dropIfRunning, queue, replace", error.Allowed);
    }

    [Fact]
    public void A_selector_expression_without_values_is_reported_at_its_index()
    {
        var selector = LabelSelector.Everything.With(SelectorRequirement.Of("os", SelectorOperator.In));

        var error = SingleError(Valid() with { RunnerSelector = selector });

        Assert.Equal("spec.runnerSelector.matchExpressions[0].values", error.Path);
        Assert.Equal("selector requirement 'os' with operator In must have non-empty values", error.Problem);
    }

    [Fact]
    public void Selector_errors_name_the_match_label_key_or_the_expression_index()
    {
        var selector = LabelSelector.ForLabels(("os", "linux!"))
            .With(SelectorRequirement.Of("zone", SelectorOperator.In, "eu"))
            .With(SelectorRequirement.Of("", SelectorOperator.Exists));

        var errors = TaskSpecValidator.Validate(Valid() with { RunnerSelector = selector });

        Assert.Equal(["spec.runnerSelector.matchLabels.os", "spec.runnerSelector.matchExpressions[1].key"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_bad_label_is_reported_at_spec_labels_key()
    {
        var error = SingleError(Valid() with { Labels = Labels.Of(("team", "finance & ops")) });

        Assert.Equal("spec.labels.team", error.Path);
        Assert.Equal("label value 'finance & ops' contains the character U+0020", error.Problem);
    }

    [Fact]
    public void The_path_prefix_can_be_chosen()
    {
        var error = Assert.Single(TaskSpecValidator.Validate(Valid() with { TimeoutMs = 0 }, "[2].spec"));

        Assert.Equal("[2].spec.timeoutMs", error.Path);
    }

    [Fact]
    public void A_null_spec_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TaskSpecValidator.Validate(null!));
    }

    [Fact]
    public void A_spec_with_five_distinct_mistakes_yields_exactly_five_errors_each_with_its_json_path()
    {
        var spec = TaskSpec.Builder("nightly report", SubprocessWorkload.Command(""))
            .TimeoutMs(0)
            .Backoff(new BackoffPolicy(JitterPolicy.Full, 1000, 500, 2.0))
            .RunnerSelector(LabelSelector.Everything.With(SelectorRequirement.Of("os", SelectorOperator.In)))
            .Label("team", "finance")
            .BuildUnchecked();

        var errors = TaskSpecValidator.Validate(spec);

        Assert.Equal(5, errors.Count);
        Assert.Equal(
            new HashSet<string>
            {
                "spec.slot",
                "spec.workload.subprocess.command",
                "spec.timeoutMs",
                "spec.backoff.maxMs",
                "spec.runnerSelector.matchExpressions[0].values",
            },
            errors.Select(e => e.Path).ToHashSet());
        Assert.All(errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Problem));
            Assert.False(string.IsNullOrWhiteSpace(e.Allowed));
        });
    }

    [Fact]
    public void Build_reports_five_distinct_mistakes_in_one_exception_each_with_its_json_path()
    {
        var builder = TaskSpec.Builder("reports", SubprocessWorkload.Command("dotnet", "a\0b"))
            .Restart(RestartPolicy.Periodic(0))
            .MaxRetries(-3)
            .Label("bad key", "x")
            .Backoff(BackoffPolicy.Default with { Factor = double.NaN });

        var error = Assert.Throws<SpecValidationException>(() => builder.Build());

        Assert.Equal(5, error.Errors.Count);
        Assert.Equal(
            new HashSet<string> { "spec.workload.subprocess.args[0]", "spec.restart.intervalMs", "spec.backoff.factor", "spec.maxRetries", "spec.labels.bad key" },
            error.Errors.Select(e => e.Path).ToHashSet());
    }
}
