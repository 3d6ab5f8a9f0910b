using TaskActors.Model.Common;
using TaskActors.Model.Policies;

namespace TaskActors.Model.Specs;

/// <summary>
/// The structural rules of a <see cref="TaskSpec"/>. Returns every broken rule at once, each naming its JSON
/// path under <c>spec</c>, what was wrong and what is allowed. Called by the builder, the manifest reader and
/// the runtime at submit.
/// </summary>
public static class TaskSpecValidator
{
    /// <summary>Validates <paramref name="spec"/>; an empty list means valid.</summary>
    /// <param name="spec">The spec to check.</param>
    /// <param name="path">The path prefix of the spec (<c>spec</c>, or <c>[2].spec</c> in a list).</param>
    public static IReadOnlyList<FieldError> Validate(TaskSpec spec, string path = "spec")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        if (spec.Slot.Validate($"{path}.slot") is { } slotError)
        {
            errors.Add(slotError);
        }

        if (spec.Workload is null)
        {
            errors.Add(new FieldError($"{path}.workload", "is required", "one of subprocess, handler, wasm, container"));
        }
        else
        {
            errors.AddRange(spec.Workload.Validate($"{path}.workload"));
        }

        if (spec.TimeoutMs <= 0)
        {
            errors.Add(new FieldError($"{path}.timeoutMs", $"must be greater than zero, got {spec.TimeoutMs}", "an integer number of milliseconds >= 1"));
        }

        else if (spec.TimeoutMs > PolicyDefaults.MaxDurationMs)
        {
            errors.Add(new FieldError($"{path}.timeoutMs", $"must be at most {PolicyDefaults.MaxDurationMs} (365 days), got {spec.TimeoutMs}", $"1 to {PolicyDefaults.MaxDurationMs} milliseconds"));
        }

        if (spec.Restart is AlwaysRestart { IntervalMs: <= 0 or > PolicyDefaults.MaxDurationMs } always)
        {
            errors.Add(new FieldError($"{path}.restart.intervalMs", $"must be between 1 and {PolicyDefaults.MaxDurationMs} (365 days), got {always.IntervalMs}", $"1 to {PolicyDefaults.MaxDurationMs} milliseconds, or omit it to restart at once"));
        }

        if (spec.Backoff is null)
        {
            errors.Add(new FieldError($"{path}.backoff", "is required", "{jitter, firstMs, maxMs, factor}"));
        }
        else
        {
            errors.AddRange(spec.Backoff.Validate($"{path}.backoff"));
        }

        if (spec.MaxRetries is < 0)
        {
            errors.Add(new FieldError($"{path}.maxRetries", $"must not be negative, got {spec.MaxRetries}", "an integer >= 0, or omit it for unlimited retries"));
        }

        if (spec.StopGracePeriodMs is < 0 or > PolicyDefaults.MaxStopGracePeriodMs)
        {
            errors.Add(new FieldError($"{path}.stopGracePeriodMs", $"must be between 0 and {PolicyDefaults.MaxStopGracePeriodMs} (one hour), got {spec.StopGracePeriodMs}", $"0 to {PolicyDefaults.MaxStopGracePeriodMs} milliseconds (0 = SIGKILL at once), or omit it for {PolicyDefaults.StopGracePeriodMs}"));
        }

        if (!Enum.IsDefined(spec.OnInterruption))
        {
            errors.Add(new FieldError($"{path}.onInterruption", $"'{spec.OnInterruption}' is not an interruption policy", "retry, fail"));
        }

        if (!Enum.IsDefined(spec.Admission))
        {
            errors.Add(new FieldError($"{path}.admission", $"'{spec.Admission}' is not an admission policy", "dropIfRunning, queue, replace"));
        }

        if (spec.RunnerSelector is not null)
        {
            errors.AddRange(spec.RunnerSelector.Validate($"{path}.runnerSelector"));
        }

        errors.AddRange(spec.Labels.Validate($"{path}.labels"));
        return errors;
    }
}
