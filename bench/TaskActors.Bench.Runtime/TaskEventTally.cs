using System.Diagnostics;
using Akka.Actor;
using TaskActors.Model.Events;
using TaskActors.Model.Resources;
using TaskActors.Tasks;

namespace TaskActors.Bench.Runtime;

/// <summary>
/// Counts the <see cref="TaskChanged"/> events a node publishes after each persisted task event. "Tracked" ids
/// (those <c>tracked</c> accepts) are also counted per distinct id: started (an AttemptStarted seen on this node)
/// and closed (an AttemptFinished with the interrupted error seen on this node). Fed by <see cref="TallyActor"/>
/// on the actor thread; read from anywhere (everything is under one lock, a few thousand events a second).
/// </summary>
public sealed class TaskEventTally(Func<string, bool> tracked)
{
    private readonly object _gate = new();
    private readonly List<(Func<TaskEventTally, bool> Condition, TaskCompletionSource<long> Reached)> _waiters = [];
    private readonly HashSet<string> _startedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closedIds = new(StringComparer.Ordinal);
    private long _events;
    private long _created;
    private long _started;
    private long _succeeded;
    private long _finishedOther;
    private long _otherEvents;
    private long _untrackedEvents;
    private long _lastSuccessTimestamp;

    /// <summary>Called (on the actor thread) after each Succeeded attempt.</summary>
    public Action? OnSucceeded { get; set; }

    public long Events { get { lock (_gate) return _events; } }
    public long Created { get { lock (_gate) return _created; } }
    public long Started { get { lock (_gate) return _started; } }
    public long Succeeded { get { lock (_gate) return _succeeded; } }
    public long FinishedOther { get { lock (_gate) return _finishedOther; } }
    public long OtherEvents { get { lock (_gate) return _otherEvents; } }

    /// <summary>Events of ids that are not tracked (in a cold start: finished tasks that were woken; should be 0).</summary>
    public long UntrackedEvents { get { lock (_gate) return _untrackedEvents; } }

    public int TrackedStarted { get { lock (_gate) return _startedIds.Count; } }
    public int TrackedClosed { get { lock (_gate) return _closedIds.Count; } }

    /// <summary><see cref="Stopwatch"/> timestamp of the latest Succeeded attempt.</summary>
    public long LastSuccessTimestamp { get { lock (_gate) return _lastSuccessTimestamp; } }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the event that made <paramref name="condition"/> true.</summary>
    public Task<long> When(Func<TaskEventTally, bool> condition)
    {
        lock (_gate)
        {
            if (condition(this))
                return Task.FromResult(Stopwatch.GetTimestamp());
            var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, reached));
            return reached.Task;
        }
    }

    public void Record(TaskChanged changed)
    {
        var now = Stopwatch.GetTimestamp();
        var id = changed.Task.Id.Value;
        var isTracked = tracked(id);
        var succeeded = false;
        lock (_gate)
        {
            _events++;
            if (!isTracked)
                _untrackedEvents++;
            switch (changed.Event)
            {
                case TaskCreated:
                    _created++;
                    break;
                case AttemptStarted:
                    _started++;
                    if (isTracked)
                        _startedIds.Add(id);
                    break;
                case AttemptFinished { Outcome: TaskPhase.Succeeded }:
                    _succeeded++;
                    _lastSuccessTimestamp = now;
                    succeeded = true;
                    break;
                case AttemptFinished finished:
                    _finishedOther++;
                    if (isTracked && finished.Error == AttemptFinished.InterruptedError)
                        _closedIds.Add(id);
                    break;
                default:
                    _otherEvents++;
                    break;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(this))
                {
                    _waiters[i].Reached.TrySetResult(now);
                    _waiters.RemoveAt(i);
                }
            }
        }

        if (succeeded)
            OnSucceeded?.Invoke();
    }
}

/// <summary>Subscribed to <see cref="TaskChanged"/> on the event stream; feeds a <see cref="TaskEventTally"/>.</summary>
public sealed class TallyActor : ReceiveActor
{
    public TallyActor(TaskEventTally tally) => Receive<TaskChanged>(tally.Record);
}

/// <summary>Marker extension; its provider does the work while the actor system starts.</summary>
public sealed class EarlySubscriber : IExtension;

/// <summary>
/// Loaded through <c>akka.extensions</c>, i.e. inside <c>ActorSystem.Create</c>, before <c>TaskActorsNode.Start</c>
/// creates the task region: subscribes a <see cref="TallyActor"/> for the tally armed with <see cref="Arm"/>, so not
/// a single TaskChanged of the tasks the region wakes at start can be missed.
/// </summary>
public sealed class EarlySubscriberProvider : ExtensionIdProvider<EarlySubscriber>
{
    private static TaskEventTally? s_armed;

    /// <summary>The next actor system that starts subscribes <paramref name="tally"/>.</summary>
    public static void Arm(TaskEventTally tally) => Volatile.Write(ref s_armed, tally);

    public override EarlySubscriber CreateExtension(ExtendedActorSystem system)
    {
        if (Interlocked.Exchange(ref s_armed, null) is { } tally)
        {
            var actor = system.SystemActorOf(Props.Create(() => new TallyActor(tally)), "bench-tally");
            system.EventStream.Subscribe(actor, typeof(TaskChanged));
        }

        return new EarlySubscriber();
    }
}
