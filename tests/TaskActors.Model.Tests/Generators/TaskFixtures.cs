using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Generators;

/// <summary>Fixed ids, times and specs for example-based tests (no clock anywhere).</summary>
internal static class TaskFixtures
{
    public static readonly TaskId Id = new("nightly-report");

    /// <summary>2026-03-01T12:00:00Z, the start of every fixed timeline.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A backoff without jitter: 1 s, 2 s, 4 s, ... capped at 30 s.</summary>
    public static readonly BackoffPolicy NoJitter = new(JitterPolicy.None, 1_000, 30_000, 2.0);

    /// <summary><see cref="T0"/> plus <paramref name="seconds"/>.</summary>
    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public static TaskSpec Spec(RestartPolicy? restart = null, int? maxRetries = null, BackoffPolicy? backoff = null) =>
        TaskSpec.Builder("reports", SubprocessWorkload.Command("dotnet", "report.dll"))
            .Restart(restart ?? RestartPolicy.Never)
            .MaxRetries(maxRetries)
            .Backoff(backoff ?? BackoffPolicy.Default)
            .Build();

    public static TaskCreated Created(TaskSpec? spec = null) => new(Id, spec ?? Spec(), T0);

    /// <summary>The state right after <see cref="Created"/>.</summary>
    public static TaskState New(TaskSpec? spec = null) => TaskState.Empty.Apply(Created(spec));

    /// <summary>Applies the events in order.</summary>
    public static TaskState Then(this TaskState state, params ITaskEvent[] events) => events.Aggregate(state, (s, e) => s.Apply(e));
}

/// <summary>
/// A task journal under construction for scenario tests: appends events, keeps the state, and drives the
/// restart rule exactly as the TaskActor does (start an attempt, persist its end and the decision together).
/// </summary>
internal sealed class Journal
{
    private readonly List<ITaskEvent> _events = [];

    public Journal(TaskSpec spec, int seed = 42)
    {
        Random = new Random(seed);
        Append(new TaskCreated(TaskFixtures.Id, spec, TaskFixtures.T0));
    }

    public Random Random { get; }

    public TaskState State { get; private set; } = TaskState.Empty;

    public IReadOnlyList<ITaskEvent> Events => _events;

    public DateTimeOffset Now => _events.Count == 0 ? TaskFixtures.T0 : _events[^1].At;

    public Journal Append(params ITaskEvent[] events)
    {
        foreach (var e in events)
        {
            State = State.Apply(e);
            _events.Add(e);
        }

        return this;
    }

    /// <summary>Starts the next attempt <paramref name="afterSeconds"/> after the last event (or at the due time of a scheduled retry).</summary>
    public AttemptStarted Start(double afterSeconds = 1)
    {
        var at = State.ScheduledRetry?.DueAt ?? Now.AddSeconds(afterSeconds);
        var started = new AttemptStarted(State.Resource!.Status.Attempt + 1, at, "local", "node-1");
        Append(started);
        return started;
    }

    /// <summary>Finishes the open attempt with <paramref name="outcome"/> and persists what the restart rule decides.</summary>
    public IReadOnlyList<ITaskEvent> Finish(TaskPhase outcome, double afterSeconds = 10, int? exitCode = null, string? error = null)
    {
        var attempt = State.ActiveRun?.Attempt ?? throw new InvalidOperationException("no open attempt");
        var finished = new AttemptFinished(attempt, outcome, Now.AddSeconds(afterSeconds), exitCode, error);
        var events = RestartDecider.EventsForFinishedAttempt(State, finished, Random);
        Append([.. events]);
        return events;
    }
}
