using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using TaskActors.Model.Identity;
using TaskActors.Model.Slots;
using TaskActors.Tasks;

namespace TaskActors.Serialization;

/// <summary>
/// Serializes the runtime's own persisted records — what the task region remembers (<see cref="ITaskRegionEvent"/>)
/// and what slots persist (<see cref="ISlotEvent"/>), and the health check's journal probe (<see cref="Node.JournalProbeWritten"/>) — as System.Text.Json under stable, versioned manifests.
/// Bound in the reference HOCON; Akka.Persistence calls it on write and replay.
/// </summary>
internal sealed class RuntimeRecordSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored with every row; never change it.</summary>
    public const int SerializerId = 7302;

    private static readonly Dictionary<Type, string> ManifestsByType = new()
    {
        [typeof(TaskActivated)] = "task-activated.v1",
        [typeof(TaskDeactivated)] = "task-deactivated.v1",
        [typeof(TaskRegionSnapshot)] = "task-region-snapshot.v1",
        [typeof(SlotOwnerAssigned)] = "slot-owner-assigned.v1",
        [typeof(SlotOwnerReleased)] = "slot-owner-released.v1",
        [typeof(SlotEnqueued)] = "slot-enqueued.v1",
        [typeof(SlotDequeued)] = "slot-dequeued.v1",
        [typeof(SlotSnapshot)] = "slot-snapshot.v1",
        [typeof(Node.JournalProbeWritten)] = "journal-probe-written.v1",
    };

    private static readonly Dictionary<string, Type> TypesByManifest = ManifestsByType.ToDictionary(p => p.Value, p => p.Key);

    // Property names as declared (PascalCase) and task ids as plain strings: the shape stored since the first version.
    private static readonly JsonSerializerOptions Options = new() { Converters = { new TaskIdAsString() } };

    /// <summary>Created by Akka's serialization extension from the HOCON binding.</summary>
    public RuntimeRecordSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().Name} is not a runtime record", nameof(o));

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new System.Runtime.Serialization.SerializationException($"empty '{manifest}' payload")
            : throw new System.Runtime.Serialization.SerializationException($"unknown runtime record manifest '{manifest}'; this version reads: {string.Join(", ", TypesByManifest.Keys)}");

    private sealed class TaskIdAsString : JsonConverter<TaskId>
    {
        public override TaskId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("a task id must be a string"));

        public override void Write(Utf8JsonWriter writer, TaskId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
