using Akka.Actor;
using Akka.Serialization;
using TaskActors.Model.Json;

namespace TaskActors.Serialization;

/// <summary>
/// The Akka serializer of everything a task persists: journal events (<see cref="Model.Events.ITaskEvent"/>) and
/// snapshots (<see cref="Model.State.TaskState"/>), as System.Text.Json bytes under stable, versioned string
/// manifests (<c>task-created.v1</c>, ...). Bound in <c>src/TaskActors/Configuration/task-actors.reference.conf</c>; Akka.Persistence
/// calls it for every write and replay.
/// </summary>
/// <remarks>
/// An event that cannot be read (an unknown manifest, a corrupt payload) is read as an <see cref="UnreadableEvent"/>
/// naming the manifest and the field, which marks only the task that stored it damaged (its recovery and the index
/// handle it; a thrown exception would fail the index's whole journal scan). An unreadable snapshot still throws
/// <see cref="System.Runtime.Serialization.SerializationException"/>.
/// </remarks>
internal sealed class TaskEventSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored with every row; never change it (ids 0-100 are Akka's).</summary>
    public const int SerializerId = 7301;

    /// <summary>Created by Akka's serialization extension from the HOCON binding.</summary>
    public TaskEventSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    public override string Manifest(object o) => TaskEventJson.ManifestOf(o);

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => TaskEventJson.ToBytes(obj);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return TaskEventJson.FromBytes(bytes, manifest);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Model.Common.ModelException or ArgumentException or InvalidOperationException)
        {
            if (manifest == TaskEventJson.TaskStateManifest)
            {
                throw new System.Runtime.Serialization.SerializationException(e.Message, e);
            }

            return new UnreadableEvent(manifest, e.Message);
        }
    }
}
