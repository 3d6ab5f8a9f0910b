using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Tests.Generators;
using TaskActors.Model.Workloads;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

public sealed class HandlerWorkloadEqualityProperties
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Handler inputs compare with JsonElement.DeepEquals, which ignores formatting; equal workloads (and so equal
    /// specs) must then have equal hash codes, or they misbehave as dictionary keys and in hash sets.
    /// </summary>
    [ScaledProperty]
    public Property Handler_workloads_with_the_same_input_written_differently_are_equal_with_equal_hash_codes() =>
        Prop.ForAll(TaskSpecGenerators.JsonValues(3).Where(n => n is not null).ToArbitrary(), node =>
        {
            var compact = JsonSerializer.SerializeToElement(node);
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(node, Indented));
            var indented = document.RootElement.Clone();
            var a = new HandlerWorkload("send-invoice", compact);
            var b = new HandlerWorkload("send-invoice", indented);

            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        });
}
