using Akka.Actor;
using Akka.Configuration;
using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Events;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Workloads;
using TaskActors.Serialization;
using TaskActors.Slots;
using static TaskActors.Tasks.TaskProtocol;

namespace TaskActors.Tests.Cluster;

/// <summary>
/// Every message that crosses nodes in cluster mode goes through <see cref="ClusterMessageSerializer"/> (bound in the
/// reference configuration, never Akka's default serializer) and reads back as the same message.
/// </summary>
public sealed class ClusterMessageSerializerSpec : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("serialization", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(TaskActors.Configuration.EmbeddedHocon.Reference));

    public static TheoryData<string> Messages() => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_cluster_message_is_bound_to_the_cluster_serializer_and_reads_back_the_same(string name)
    {
        var message = Samples()[name];
        var serializer = Assert.IsType<ClusterMessageSerializer>(_system.Serialization.FindSerializerFor(message));
        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, serializer.Manifest(message));

        Assert.IsType(message.GetType(), back);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(serializer.ToBinary(back)));
    }

    [Fact]
    public void Every_type_the_serializer_carries_has_a_sample_here() =>
        Assert.Equal(ClusterMessageSerializer.Types.Select(t => t.Name).Order(), Samples().Values.Select(m => m.GetType()).Distinct().Select(t => t.Name).Order());

    [Fact]
    public void An_unknown_manifest_names_what_this_version_reads()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)_system);
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "from-the-future"));
        Assert.Contains("unknown cluster message manifest 'from-the-future'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private static Dictionary<string, object> Samples()
    {
        var id = new TaskId("nightly-report");
        var spec = TaskSpec.Builder("reports", SubprocessWorkload.Command("sh", "-c", "echo 'a: b' \"$X\""))
            .Admission(AdmissionPolicy.Queue)
            .Restart(RestartPolicy.OnFailure)
            .MaxRetries(3)
            .Build();
        var state = TaskState.Replay([
            new TaskCreated(id, spec, T0, Admitted: true, TraceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            new AttemptStarted(1, T0.AddSeconds(1), "subprocess", "node-2"),
            new AttemptFinished(1, TaskPhase.Failed, T0.AddSeconds(2), 3, "exit code 3"),
        ]);
        var task = state.Resource!;
        return new Dictionary<string, object>
        {
            ["envelope(submit)"] = new TaskEnvelope(id, new Submit(spec, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
            ["envelope(get)"] = new TaskEnvelope(id, Get.Instance),
            ["submit"] = new Submit(spec),
            ["get"] = Get.Instance,
            ["get-runs"] = GetRuns.Instance,
            ["cancel"] = new Cancel(7, "replaced by other"),
            ["delete"] = new Delete(9),
            ["rerun"] = Rerun.Instance,
            ["admit"] = Admit.Instance,
            ["get-settlement"] = GetSettlement.Instance,
            ["settlement"] = new Settlement(id, Exists: true, Settled: false, Admitted: true),
            ["accepted"] = new Accepted(task),
            ["already-exists"] = new AlreadyExists(task),
            ["found"] = new Found(task.WithDamage(new TaskDamage("task-nightly-report", 4, "bad row"))),
            ["run-list"] = new RunList(id, state.Runs),
            ["not-found"] = new NotFound(id),
            ["conflict"] = new Conflict(id, 2, 3, "expected resourceVersion 2, found 3"),
            ["invalid"] = new Invalid([new FieldError("spec.timeoutMs", "-1 is negative", "an integer of at least 1")]),
            ["rejected"] = new Rejected(RejectionKind.SlotBusy, "slot 'reports' is busy"),
            ["damaged-history"] = new DamagedHistory(id, new TaskDamage("task-nightly-report", 1, "unreadable")),
            ["deleted"] = new Deleted(id),
            ["slot-envelope(claim)"] = new SlotProtocol.SlotEnvelope(new Slot("reports"), new SlotProtocol.Claim(id, AdmissionPolicy.Replace)),
            ["claim"] = new SlotProtocol.Claim(id, AdmissionPolicy.DropIfRunning),
            ["claim-granted"] = new SlotProtocol.ClaimGranted(id, Admitted: false),
            ["claim-rejected"] = new SlotProtocol.ClaimRejected(id, new Rejection(RejectionKind.QueueFull, "queue of slot 'reports' is full (100)")),
            ["released"] = new SlotProtocol.Released(id),
            ["waiting"] = new SlotProtocol.Waiting(id),
            ["get-slot"] = SlotProtocol.GetSlot.Instance,
            ["slot-view"] = new SlotProtocol.SlotView(new Slot("reports"), id, [new TaskId("a"), new TaskId("b")]),
        };
    }
}
