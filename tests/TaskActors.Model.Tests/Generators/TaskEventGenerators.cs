using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;

namespace TaskActors.Model.Tests.Generators;

/// <summary>A valid journal of one task: <c>TaskCreated</c> then events that are each legal in the state before them.</summary>
/// <param name="Spec">The spec of the <c>TaskCreated</c> event.</param>
/// <param name="Events">The journal, oldest first.</param>
public sealed record EventScript(TaskSpec Spec, IReadOnlyList<ITaskEvent> Events)
{
    /// <summary>Every prefix of a valid journal is valid; shrinking keeps at least <paramref name="minLength"/> events.</summary>
    public IEnumerable<EventScript> Prefixes(int minLength)
    {
        var n = Events.Count;
        foreach (var length in new[] { minLength, n / 2, (3 * n) / 4, n - 1 }.Where(k => k >= minLength && k < n).Distinct().Order())
        {
            yield return this with { Events = [.. Events.Take(length)] };
        }
    }

    /// <summary>One event per line, so a failing case reads like a journal.</summary>
    public override string ToString() =>
        $"{Events.Count} events:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Events.Select(e => e is TaskCreated c ? $"TaskCreated {{ Id = {c.Id}, At = {c.At:O} }}" : e.ToString()));
}

/// <summary>
/// FsCheck generators of VALID event sequences: <c>TaskCreated</c> with a generated valid spec, then a random walk that
/// only emits events legal in the current state (start the next attempt, finish the open one — half of the time through
/// <see cref="RestartDecider.EventsForFinishedAttempt"/> —, schedule a retry, exhaust after a failure, cancel, rerun,
/// late duplicate reports; a quarter of the journals are deleted at a random step). The walk is driven by a seeded <see cref="System.Random"/>, so a case is reproducible
/// from its seed, and shrinks by taking prefixes (each prefix of a valid journal is valid).
/// </summary>
public static class TaskEventGenerators
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Errors =
    [
        "exit status 1", "killed by SIGKILL", AttemptFinished.InterruptedError, "No such file or directory (os error 2)",
        "boom: \"quoted\"\nsecond line", "ünïcödé ✓", "timed out after 30000 ms",
    ];

    private static readonly string[] CancelReasons = ["canceled by client", "SupersededByReplace", "deleted", "shutdown: 'node-2'"];

    private enum Move
    {
        Start,
        Finish,
        Retry,
        Exhaust,
        Cancel,
        Rerun,
        LateDuplicate,
        Delete,
    }

    /// <summary>Valid journals of up to <paramref name="maxSteps"/> steps after creation (scaled by FsCheck's size).</summary>
    /// <param name="maxSteps">The longest walk.</param>
    /// <param name="finishFirstAttempt">Start and finish attempt 1 right after creation, so the journal has a finished attempt.</param>
    public static Gen<EventScript> ValidSequences(int maxSteps = 80, bool finishFirstAttempt = false) =>
        from spec in TaskSpecGenerators.ValidSpecs(extremeDurations: false)
        from id in TaskSpecGenerators.Identifier(TaskId.MaxLength)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        from steps in Gen.Sized(size => Gen.Choose(0, Math.Min(Math.Max(size, 5), maxSteps)))
        select Walk(spec, new TaskId(id), seed, steps, finishFirstAttempt);

    /// <summary><see cref="ValidSequences"/> with shrinking by prefix.</summary>
    public static Arbitrary<EventScript> Arbitrary(int maxSteps = 80, bool finishFirstAttempt = false) =>
        Arb.From(ValidSequences(maxSteps, finishFirstAttempt), script => script.Prefixes(finishFirstAttempt ? 3 : 1));

    /// <summary>Builds one journal deterministically from <paramref name="seed"/>.</summary>
    public static EventScript Walk(TaskSpec spec, TaskId id, int seed, int steps, bool finishFirstAttempt = false)
    {
        var random = new Random(seed);
        var at = Epoch.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 365));
        var events = new List<ITaskEvent>();
        var state = TaskState.Empty;

        void Emit(IEnumerable<ITaskEvent> next)
        {
            foreach (var e in next)
            {
                state = state.Apply(e);
                events.Add(e);
            }
        }

        DateTimeOffset Tick() => at = at.AddTicks(random.NextInt64(0, 120 * TimeSpan.TicksPerSecond));

        var traceParent = random.Next(3) == 0 ? $"00-{random.NextInt64():x16}{random.NextInt64():x16}-{random.NextInt64():x16}-01" : null;
        Emit([new TaskCreated(id, spec, at, TraceParent: traceParent)]);
        if (finishFirstAttempt)
        {
            Emit([Started(random, state, Tick())]);
            Emit([Finished(random, 1, Tick())]);
        }

        // A quarter of the journals are deleted at some step (nothing but the running attempt's end follows that).
        var deleteAt = random.Next(4) == 0 ? random.Next(steps) : -1;
        for (var i = 0; i < steps; i++)
        {
            if (i == deleteAt)
            {
                Emit(Make(Move.Delete, state, random, Tick()));
                continue;
            }

            var moves = LegalMoves(state);
            if (moves.Count == 0)
            {
                break;
            }

            Emit(Make(Pick(random, moves), state, random, Tick()));
        }

        return new EventScript(spec, events);
    }

    private static List<(Move Move, int Weight)> LegalMoves(TaskState state)
    {
        var phase = state.Resource!.Phase;
        var open = state.ActiveRun is not null;
        var anyClosed = state.Runs.Any(r => !r.IsActive);
        var moves = new List<(Move, int)>();
        if (open)
        {
            moves.Add((Move.Finish, 60));
        }

        if (anyClosed)
        {
            moves.Add((Move.LateDuplicate, 8));
        }

        if (state.IsDeleted)
        {
            // Nothing follows a deletion but the end of the attempt that was running (and late reports); the walk
            // ends once that attempt is closed.
            return open ? moves : [];
        }

        if (!open && phase is not (TaskPhase.Canceled or TaskPhase.Exhausted))
        {
            moves.Add((Move.Start, 60));
        }

        if (!open && phase.IsTerminal() && phase is not (TaskPhase.Canceled or TaskPhase.Exhausted))
        {
            moves.Add((Move.Retry, 20));
        }

        if (phase.IsFailure() && state.ScheduledRetry is null)
        {
            moves.Add((Move.Exhaust, 16));
        }

        if (!state.IsSettled && phase != TaskPhase.Canceled)
        {
            moves.Add((Move.Cancel, 8));
        }

        if (state.IsSettled)
        {
            moves.Add((Move.Rerun, 16));
        }

        return moves;
    }

    private static Move Pick(Random random, List<(Move Move, int Weight)> moves)
    {
        var roll = random.Next(moves.Sum(m => m.Weight));
        foreach (var (move, weight) in moves)
        {
            if (roll < weight)
            {
                return move;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("unreachable");
    }

    private static IEnumerable<ITaskEvent> Make(Move move, TaskState state, Random random, DateTimeOffset at)
    {
        switch (move)
        {
            case Move.Start:
                return [Started(random, state, at)];
            case Move.Finish:
                var finished = Finished(random, state.ActiveRun!.Attempt, at);
                return random.Next(2) == 0 ? RestartDecider.EventsForFinishedAttempt(state, finished, new Random(random.Next())) : [finished];
            case Move.Retry:
                var delay = random.NextInt64(0, 120_000);
                var reason = random.Next(2) == 0 ? RetryReason.Failure : RetryReason.Periodic;
                return [new RetryScheduled(random.Next(0, 5), delay, at.AddMilliseconds(delay), reason, at)];
            case Move.Exhaust:
                return [new TaskExhausted($"retry budget spent: {state.FailureStreak} failed attempt(s) in a row", at)];
            case Move.Cancel:
                return [new TaskCanceled(CancelReasons[random.Next(CancelReasons.Length)], at)];
            case Move.Rerun:
                return [new TaskRerunRequested(at)];
            case Move.LateDuplicate:
                var closed = state.Runs.Where(r => !r.IsActive).ToList();
                return [Finished(random, closed[random.Next(closed.Count)].Attempt, at)];
            case Move.Delete:
                return [new TaskDeleted(at)];
            default:
                throw new ArgumentOutOfRangeException(nameof(move), move, null);
        }
    }

    private static AttemptStarted Started(Random random, TaskState state, DateTimeOffset at) =>
        new(state.Resource!.Status.Attempt + 1, at, Maybe(random, "local", "wasm", "pool-a"), Maybe(random, "node-1", "node-2"));

    /// <summary>An attempt's end with a random outcome and random details.</summary>
    public static AttemptFinished Finished(Random random, int attempt, DateTimeOffset at)
    {
        var roll = random.Next(10);
        var outcome = roll switch
        {
            < 3 => TaskPhase.Succeeded,
            < 7 => TaskPhase.Failed,
            < 9 => TaskPhase.Timeout,
            _ => TaskPhase.Canceled,
        };
        return new AttemptFinished(
            attempt,
            outcome,
            at,
            ExitCode: outcome == TaskPhase.Succeeded ? (random.Next(2) == 0 ? 0 : null) : (random.Next(3) == 0 ? null : random.Next(-1, 256)),
            Error: outcome == TaskPhase.Succeeded ? null : Errors[random.Next(Errors.Length)],
            Pid: random.Next(2) == 0 ? null : random.Next(1, 4_194_304),
            Signal: outcome == TaskPhase.Failed ? Maybe(random, "SIGKILL", "SIGTERM", "SIGSEGV") : null,
            StdoutTail: Maybe(random, "done\n", "line 1\nline 2\n", "ünï\t\"x\""),
            StderrTail: Maybe(random, "warning: x\n", "Traceback (most recent call last):\n"));
    }

    private static string? Maybe(Random random, params string[] values)
    {
        var i = random.Next(values.Length + 1);
        return i == values.Length ? null : values[i];
    }
}
