using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace TaskActors.Bench.Journal;

/// <summary>System.Text.Json serializer with a stable string manifest for the benchmark's event.</summary>
public sealed class BenchSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4201;
    private const string EventManifest = "bench-event.v1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        BenchEvent => EventManifest,
        _ => throw new ArgumentException($"Cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        BenchEvent e => JsonSerializer.SerializeToUtf8Bytes(e),
        _ => throw new ArgumentException($"Cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        EventManifest => JsonSerializer.Deserialize<BenchEvent>(bytes)!,
        _ => throw new System.Runtime.Serialization.SerializationException($"Unknown manifest '{manifest}'"),
    };
}
