using Akka.Actor;
using Akka.Persistence;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;

namespace TaskActors.Tests.DurabilityProbe;

/// <summary>
/// Persists a task's history in a loop — created, then (started, finished + retry scheduled as one atomic write)
/// forever — and reports each acknowledged write. The events obey TaskState's rules, so a checker can replay them.
/// </summary>
internal sealed class ProbeWriter : ReceivePersistentActor
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private readonly AckWriter _output;
    private TaskState _state = TaskState.Empty;
    private int _unacknowledged;

    public ProbeWriter(string persistenceId, AckWriter output)
    {
        PersistenceId = persistenceId;
        _output = output;
        Recover<ITaskEvent>(e => _state = _state.Apply(e));
        Command<Next>(_ => WriteNext());
    }

    public override string PersistenceId { get; }

    protected override void OnReplaySuccess() => Self.Tell(Next.Instance);

    private void WriteNext()
    {
        var at = Epoch.AddMilliseconds(LastSequenceNr);
        if (!_state.Exists)
        {
            var spec = TaskSpec.Builder("probe", SubprocessWorkload.Command("true")).Restart(Model.Policies.RestartPolicy.OnFailure).Build();
            Write([new TaskCreated(new TaskId(PersistenceId), spec, at)]);
            return;
        }

        if (_state.ActiveRun is null)
        {
            Write([new AttemptStarted(_state.Resource!.Status.Attempt + 1, at)]);
            return;
        }

        var finished = new AttemptFinished(_state.ActiveRun.Attempt, TaskPhase.Failed, at, 1, "exit code 1");
        Write(RestartDecider.EventsForFinishedAttempt(_state, finished, new Random(1)));
    }

    private void Write(IReadOnlyList<ITaskEvent> events)
    {
        _unacknowledged = events.Count;
        PersistAll(events, Acknowledge);
    }

    private void Acknowledge(ITaskEvent persisted)
    {
        _state = _state.Apply(persisted);
        if (--_unacknowledged == 0)
        {
            // The last event of the write: the whole write is acknowledged.
            _output.Line($"ack {PersistenceId} {LastSequenceNr}");
            Self.Tell(Next.Instance);
        }
    }

    private sealed class Next
    {
        public static readonly Next Instance = new();
    }
}
