using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Specs;

/// <summary>
/// Builds a <see cref="TaskSpec"/> with the documented defaults: timeout 1 h, restart never, backoff
/// <c>{full, 1000, 30000, 2.0}</c>, unlimited retries, admission dropIfRunning, no runner selector, no labels, stop
/// grace period 5000 ms, onInterruption retry.
/// <see cref="Build"/> validates and reports every broken rule at once.
/// </summary>
public sealed class TaskSpecBuilder
{
    private readonly string _slot;
    private readonly Workload _workload;
    private long _timeoutMs = PolicyDefaults.TimeoutMs;
    private RestartPolicy _restart = PolicyDefaults.Restart;
    private BackoffPolicy _backoff = PolicyDefaults.Backoff;
    private int? _maxRetries;
    private AdmissionPolicy _admission = PolicyDefaults.Admission;
    private LabelSelector? _runnerSelector;
    private Identity.Labels _labels = Identity.Labels.Empty;
    private long _stopGracePeriodMs = PolicyDefaults.StopGracePeriodMs;
    private InterruptionPolicy _onInterruption = PolicyDefaults.OnInterruption;

    /// <summary>Starts a builder for a task in <paramref name="slot"/> running <paramref name="workload"/>.</summary>
    public TaskSpecBuilder(string slot, Workload workload)
    {
        _slot = slot;
        _workload = workload;
    }

    /// <summary>Sets the per-attempt timeout in milliseconds.</summary>
    public TaskSpecBuilder TimeoutMs(long timeoutMs)
    {
        _timeoutMs = timeoutMs;
        return this;
    }

    /// <summary>Sets the per-attempt timeout.</summary>
    public TaskSpecBuilder Timeout(TimeSpan timeout) => TimeoutMs((long)timeout.TotalMilliseconds);

    /// <summary>Sets the restart policy.</summary>
    public TaskSpecBuilder Restart(RestartPolicy restart)
    {
        _restart = restart;
        return this;
    }

    /// <summary>Sets the backoff policy.</summary>
    public TaskSpecBuilder Backoff(BackoffPolicy backoff)
    {
        _backoff = backoff;
        return this;
    }

    /// <summary>Sets the retries allowed in one failure streak; null = unlimited.</summary>
    public TaskSpecBuilder MaxRetries(int? maxRetries)
    {
        _maxRetries = maxRetries;
        return this;
    }

    /// <summary>Sets the admission policy.</summary>
    public TaskSpecBuilder Admission(AdmissionPolicy admission)
    {
        _admission = admission;
        return this;
    }

    /// <summary>Sets the runner selector.</summary>
    public TaskSpecBuilder RunnerSelector(LabelSelector? selector)
    {
        _runnerSelector = selector;
        return this;
    }

    /// <summary>Adds or replaces a task label.</summary>
    public TaskSpecBuilder Label(string key, string value)
    {
        _labels = _labels.With(key, value);
        return this;
    }

    /// <summary>Replaces all task labels.</summary>
    public TaskSpecBuilder Labels(Identity.Labels labels)
    {
        _labels = labels;
        return this;
    }

    /// <summary>Sets the stop grace period (between SIGTERM and SIGKILL; a handler's time to stop), in milliseconds.</summary>
    public TaskSpecBuilder StopGracePeriodMs(long stopGracePeriodMs)
    {
        _stopGracePeriodMs = stopGracePeriodMs;
        return this;
    }

    /// <summary>Sets what follows an attempt ended by the node.</summary>
    public TaskSpecBuilder OnInterruption(InterruptionPolicy onInterruption)
    {
        _onInterruption = onInterruption;
        return this;
    }

    /// <summary>Creates the spec without validating it (for tests and for readers that validate separately).</summary>
    public TaskSpec BuildUnchecked() =>
        new(new Slot(_slot), _workload, _timeoutMs, _restart, _backoff, _maxRetries, _admission, _runnerSelector, _labels)
        {
            StopGracePeriodMs = _stopGracePeriodMs,
            OnInterruption = _onInterruption,
        };

    /// <summary>Creates and validates the spec; throws <see cref="SpecValidationException"/> listing every error.</summary>
    public TaskSpec Build()
    {
        var spec = BuildUnchecked();
        var errors = TaskSpecValidator.Validate(spec);
        return errors.Count == 0 ? spec : throw new SpecValidationException(errors);
    }
}
