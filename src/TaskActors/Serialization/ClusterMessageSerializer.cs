using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using TaskActors.Slots;
using TaskActors.Tasks;

namespace TaskActors.Serialization;

/// <summary>
/// Serializes the messages that cross nodes in cluster mode: what a client or a slot sends a task
/// (<see cref="TaskProtocol.TaskEnvelope"/> and its commands), what a task answers, and what tasks and slots say to each
/// other (<see cref="SlotProtocol"/>), as System.Text.Json under one manifest per type. The model's types travel in
/// their API shape (the <c>[JsonConverter]</c>s on <c>TaskSpec</c>, <c>TaskResource</c>, <c>TaskRun</c>, ids), so a node
/// reads exactly what the HTTP API would. Bound in the reference HOCON; never used for what is stored.
/// </summary>
internal sealed class ClusterMessageSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id; never change it.</summary>
    public const int SerializerId = 7303;

    private static readonly Dictionary<Type, string> ManifestsByType = new()
    {
        [typeof(TaskProtocol.TaskEnvelope)] = "task-envelope",
        [typeof(TaskProtocol.Submit)] = "submit",
        [typeof(TaskProtocol.Get)] = "get",
        [typeof(TaskProtocol.GetRuns)] = "get-runs",
        [typeof(TaskProtocol.Cancel)] = "cancel",
        [typeof(TaskProtocol.Delete)] = "delete",
        [typeof(TaskProtocol.Rerun)] = "rerun",
        [typeof(TaskProtocol.Admit)] = "admit",
        [typeof(TaskProtocol.GetSettlement)] = "get-settlement",
        [typeof(TaskProtocol.Settlement)] = "settlement",
        [typeof(TaskProtocol.Accepted)] = "accepted",
        [typeof(TaskProtocol.AlreadyExists)] = "already-exists",
        [typeof(TaskProtocol.Found)] = "found",
        [typeof(TaskProtocol.RunList)] = "run-list",
        [typeof(TaskProtocol.NotFound)] = "not-found",
        [typeof(TaskProtocol.Conflict)] = "conflict",
        [typeof(TaskProtocol.Invalid)] = "invalid",
        [typeof(TaskProtocol.Rejected)] = "rejected",
        [typeof(TaskProtocol.DamagedHistory)] = "damaged-history",
        [typeof(TaskProtocol.Deleted)] = "deleted",
        [typeof(SlotProtocol.SlotEnvelope)] = "slot-envelope",
        [typeof(SlotProtocol.Claim)] = "claim",
        [typeof(SlotProtocol.ClaimGranted)] = "claim-granted",
        [typeof(SlotProtocol.ClaimRejected)] = "claim-rejected",
        [typeof(SlotProtocol.Released)] = "released",
        [typeof(SlotProtocol.Waiting)] = "waiting",
        [typeof(SlotProtocol.GetSlot)] = "get-slot",
        [typeof(SlotProtocol.SlotView)] = "slot-view",
    };

    private static readonly Dictionary<string, Type> TypesByManifest = ManifestsByType.ToDictionary(p => p.Value, p => p.Key);

    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Created by Akka's serialization extension from the HOCON binding.</summary>
    public ClusterMessageSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <summary>Every type this serializer carries (the reference configuration binds each).</summary>
    public static IReadOnlyCollection<Type> Types => ManifestsByType.Keys;

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().Name} is not a cluster message", nameof(o));

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj switch
    {
        TaskProtocol.TaskEnvelope envelope => Wrap(envelope.Id.Value, envelope.Message),
        SlotProtocol.SlotEnvelope envelope => Wrap(envelope.Slot.Value, envelope.Message),
        _ => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options),
    };

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        "task-envelope" => Unwrap(bytes, (key, message) => new TaskProtocol.TaskEnvelope(new Model.Identity.TaskId(key), (TaskProtocol.ITaskCommand)message)),
        "slot-envelope" => Unwrap(bytes, (key, message) => new SlotProtocol.SlotEnvelope(new Model.Identity.Slot(key), (SlotProtocol.ISlotCommand)message)),
        _ => Read(bytes, manifest),
    };

    private static object Read(ReadOnlySpan<byte> bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new System.Runtime.Serialization.SerializationException($"empty '{manifest}' message")
            : throw new System.Runtime.Serialization.SerializationException($"unknown cluster message manifest '{manifest}'; this version reads: {string.Join(", ", TypesByManifest.Keys)}");

    private static byte[] Wrap(string key, object message)
    {
        var wrapped = new JsonObject
        {
            ["key"] = key,
            ["manifest"] = ManifestsByType.TryGetValue(message.GetType(), out var manifest)
                ? manifest
                : throw new ArgumentException($"{message.GetType().Name} is not a cluster message", nameof(message)),
            ["message"] = JsonSerializer.SerializeToNode(message, message.GetType(), Options),
        };
        return JsonSerializer.SerializeToUtf8Bytes(wrapped, Options);
    }

    private static object Unwrap(byte[] bytes, Func<string, object, object> build)
    {
        var wrapped = JsonNode.Parse(bytes)?.AsObject() ?? throw new System.Runtime.Serialization.SerializationException("empty envelope");
        var key = wrapped["key"]?.GetValue<string>() ?? throw new System.Runtime.Serialization.SerializationException("envelope without key");
        var manifest = wrapped["manifest"]?.GetValue<string>() ?? throw new System.Runtime.Serialization.SerializationException("envelope without manifest");
        var message = Read(System.Text.Encoding.UTF8.GetBytes(wrapped["message"]?.ToJsonString() ?? "null"), manifest);
        return build(key, message);
    }
}
