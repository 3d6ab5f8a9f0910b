using Akka.Actor;
using TaskActors.Model.Identity;
using TaskActors.Tasks;
using static TaskActors.Slots.SlotProtocol;

namespace TaskActors.Slots;

/// <summary>
/// The local parent of the SlotActors of a node (the single-node stand-in for a shard region keyed by slot): routes
/// each <see cref="SlotEnvelope"/> to the SlotActor of its slot, creating it on demand; an idle slot asks to be
/// stopped and messages that arrive meanwhile are delivered to its next incarnation.
/// </summary>
internal sealed class SlotRegion : ReceiveActor
{
    private readonly ICanTell _tasks;
    private readonly TaskRuntimeSettings _settings;
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _slotsByChild = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _buffers = new(StringComparer.Ordinal);

    /// <summary>Created once per node; <paramref name="tasks"/> is the task region the slots talk to.</summary>
    public SlotRegion(ICanTell tasks, TaskRuntimeSettings settings)
    {
        _tasks = tasks;
        _settings = settings;
        Receive<SlotEnvelope>(envelope =>
        {
            var slot = envelope.Slot.Value;
            if (_buffers.TryGetValue(slot, out var buffer))
            {
                buffer.Add((envelope, Sender));
                return;
            }

            ChildFor(envelope.Slot).Forward(envelope.Message);
        });
        Receive<Passivate>(passivate =>
        {
            if (_children.TryGetValue(passivate.Slot.Value, out var child) && !_buffers.ContainsKey(passivate.Slot.Value))
            {
                _buffers[passivate.Slot.Value] = [];
                Context.Stop(child);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (!_slotsByChild.Remove(terminated.ActorRef, out var slot))
            {
                return;
            }

            _children.Remove(slot);
            if (_buffers.Remove(slot, out var buffer))
            {
                foreach (var (message, sender) in buffer)
                {
                    Self.Tell(message, sender);
                }
            }
        });
    }

    /// <summary>Props for the slot region of a node.</summary>
    public static Props Props(ICanTell tasks, TaskRuntimeSettings settings) => Akka.Actor.Props.Create(() => new SlotRegion(tasks, settings));

    /// <summary>SlotActor → region: I am idle; stop me.</summary>
    public sealed record Passivate(Slot Slot);

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    private IActorRef ChildFor(Slot slot)
    {
        if (_children.TryGetValue(slot.Value, out var existing))
        {
            return existing;
        }

        var child = Context.ActorOf(SlotActor.Props(slot, _tasks, _settings), slot.Value);
        Context.Watch(child);
        _children[slot.Value] = child;
        _slotsByChild[child] = slot.Value;
        return child;
    }
}
