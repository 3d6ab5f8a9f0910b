using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using TaskActors.Tasks;

namespace TaskActors.Serialization;

/// <summary>
/// Serializes what the task region persists (<see cref="TaskActivated"/>, <see cref="TaskDeactivated"/>,
/// <see cref="TaskRegionSnapshot"/>) as System.Text.Json under stable manifests. Bound in the reference HOCON.
/// </summary>
public sealed class TaskRegionSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored with every row; never change it.</summary>
    public const int SerializerId = 7302;

    /// <summary>Created by Akka's serialization extension from the HOCON binding.</summary>
    public TaskRegionSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        TaskActivated => "task-activated.v1",
        TaskDeactivated => "task-deactivated.v1",
        TaskRegionSnapshot => "task-region-snapshot.v1",
        _ => throw new ArgumentException($"{o.GetType().Name} is not a task region event", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        "task-activated.v1" => JsonSerializer.Deserialize<TaskActivated>(bytes)!,
        "task-deactivated.v1" => JsonSerializer.Deserialize<TaskDeactivated>(bytes)!,
        "task-region-snapshot.v1" => JsonSerializer.Deserialize<TaskRegionSnapshot>(bytes)!,
        _ => throw new System.Runtime.Serialization.SerializationException($"unknown task region manifest '{manifest}'"),
    };
}
