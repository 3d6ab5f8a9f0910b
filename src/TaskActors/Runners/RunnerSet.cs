using System.Collections;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Model.Commands;

namespace TaskActors.Runners;

/// <summary>
/// The runners of this node, in selection order. The TaskActor asks it at submit whether the spec could ever run
/// here (<see cref="CheckSubmittable"/>) and, for every attempt, which runner runs it (<see cref="Select"/>).
/// </summary>
/// <remarks>
/// A runner is eligible for a spec when it <see cref="ITaskRunner.Supports"/> the workload's kind and its
/// <see cref="ITaskRunner.Labels"/> match <see cref="TaskSpec.RunnerSelector"/> (null or empty selector = any
/// runner; Kubernetes semantics, see domain.md section 4). The first eligible runner wins.
/// </remarks>
public sealed class RunnerSet : IReadOnlyList<ITaskRunner>
{
    private readonly ITaskRunner[] _runners;

    /// <summary>Creates the set; <paramref name="runners"/> are tried in this order.</summary>
    public RunnerSet(params IEnumerable<ITaskRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        _runners = [.. runners];
        if (_runners.Any(r => r is null))
        {
            throw new ArgumentException("a runner set cannot hold null", nameof(runners));
        }
    }

    /// <inheritdoc />
    public int Count => _runners.Length;

    /// <inheritdoc />
    public ITaskRunner this[int index] => _runners[index];

    /// <summary>The runner that runs <paramref name="spec"/>'s attempts, or null when none is eligible.</summary>
    public ITaskRunner? Select(TaskSpec spec) => Resolve(spec).Runner;

    /// <summary>
    /// Chooses the first runner that supports the workload and matches the runner selector; when there is none,
    /// says why (no runner of the kind, or the selector matches none of them, with their labels).
    /// </summary>
    public RunnerSelection Resolve(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var supporting = Supporting(spec.Workload);
        if (supporting.Count == 0)
        {
            return new RunnerSelection(null, NoKindMessage(spec.Workload));
        }

        var runner = supporting.FirstOrDefault(r => SelectorMatches(spec, r));
        return runner is not null
            ? new RunnerSelection(runner, null)
            : new RunnerSelection(null, NoMatchMessage(spec, supporting));
    }

    /// <summary>
    /// Checks at submit whether <paramref name="spec"/> could ever run on this node: a rejection
    /// (<see cref="RejectionKind.NoRunner"/> when no runner runs the workload's kind or none of those matches the
    /// selector; <see cref="RejectionKind.UnknownHandler"/> when the eligible runners refuse a handler workload), or
    /// null when it can run.
    /// </summary>
    public Rejection? CheckSubmittable(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var supporting = Supporting(spec.Workload);
        if (supporting.Count == 0)
        {
            return new Rejection(RejectionKind.NoRunner, NoKindMessage(spec.Workload));
        }

        var eligible = supporting.Where(r => SelectorMatches(spec, r)).ToList();
        if (eligible.Count == 0)
        {
            return new Rejection(RejectionKind.NoRunner, NoMatchMessage(spec, supporting));
        }

        string? firstProblem = null;
        foreach (var runner in eligible)
        {
            var problem = runner.CheckRunnable(spec.Workload);
            if (problem is null)
            {
                return null;
            }

            firstProblem ??= problem;
        }

        var kind = spec.Workload is HandlerWorkload ? RejectionKind.UnknownHandler : RejectionKind.NoRunner;
        return new Rejection(kind, firstProblem!);
    }

    /// <inheritdoc />
    public IEnumerator<ITaskRunner> GetEnumerator() => ((IEnumerable<ITaskRunner>)_runners).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Lists the runners as <c>subprocess {os=linux}, handler {}</c>.</summary>
    public override string ToString() => Describe(_runners);

    private List<ITaskRunner> Supporting(Workload workload) => [.. _runners.Where(r => r.Supports(workload))];

    private static bool SelectorMatches(TaskSpec spec, ITaskRunner runner) =>
        spec.RunnerSelector is not { } selector || selector.Matches(runner.Labels);

    private static string NoKindMessage(Workload workload) => $"no runner on this node runs {workload.Kind} workloads";

    private static string NoMatchMessage(TaskSpec spec, IReadOnlyList<ITaskRunner> supporting) =>
        $"runnerSelector '{spec.RunnerSelector}' matches no runner on this node that runs {spec.Workload.Kind} workloads " +
        $"(runners: {Describe(supporting)})";

    private static string Describe(IEnumerable<ITaskRunner> runners)
    {
        var described = string.Join(", ", runners.Select(r => $"{r.Name} {r.Labels}"));
        return described.Length == 0 ? "none" : described;
    }
}
