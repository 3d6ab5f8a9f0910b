using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Json;
using TaskActors.Model.Manifests;
using TaskActors.Model.Specs;
using TaskActors.Model.State;
using TaskActors.Model.Tests.Generators;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

public sealed class TaskSpecProperties
{
    private static TaskSpec LoadSingle(string text)
    {
        var result = ManifestLoader.Load(text);
        Assert.True(result.IsSuccess, string.Join(Environment.NewLine, result.Errors) + Environment.NewLine + text);
        var document = Assert.Single(result.Tasks);
        Assert.Null(document.Id);
        return document.Spec;
    }

    [ScaledProperty]
    public Property Every_generated_spec_passes_validation() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(), spec =>
        {
            var errors = TaskSpecValidator.Validate(spec);

            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        });

    [ScaledProperty]
    public Property A_spec_survives_a_json_round_trip() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(), spec =>
        {
            var compact = TaskJson.Serialize(spec);
            var indented = TaskJson.Serialize(spec, indented: true);

            Assert.Equal(spec, TaskJson.ReadSpec(compact));
            Assert.Equal(spec, TaskJson.ReadSpec(indented));
            Assert.Equal(compact, TaskJson.Serialize(TaskJson.ReadSpec(compact)));
        });

    [ScaledProperty]
    public Property A_spec_survives_a_round_trip_through_yaml_flow_syntax() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(), spec =>
        {
            var yaml = YamlRendering.FlowLine("spec", TaskJson.Serialize(spec));

            Assert.Equal(spec, LoadSingle(yaml));
        });

    [ScaledProperty]
    public Property A_spec_survives_a_round_trip_through_yaml_block_syntax() =>
        Prop.ForAll(TaskSpecGenerators.Arbitrary(), ArbMap.Default.ArbFor<int>(), (spec, seed) =>
        {
            foreach (var yaml in YamlRendering.Layouts($"{{\"spec\":{TaskJson.Serialize(spec)}}}", seed))
            {
                Assert.Equal(spec, LoadSingle(yaml));
            }
        });

    [ScaledProperty]
    public Property A_resource_built_from_a_valid_journal_survives_a_json_round_trip() =>
        Prop.ForAll(TaskEventGenerators.Arbitrary(), script =>
        {
            var resource = TaskState.Replay(script.Events).Resource!;

            Assert.Equal(resource, TaskJson.ReadResource(TaskJson.Serialize(resource)));
            Assert.Equal(resource, TaskJson.ReadResource(TaskJson.Serialize(resource, indented: true)));
        });

    [ScaledProperty]
    public Property A_resource_built_from_a_valid_journal_survives_a_round_trip_through_yaml() =>
        Prop.ForAll(TaskEventGenerators.Arbitrary(), ArbMap.Default.ArbFor<int>(), (script, seed) =>
        {
            var resource = TaskState.Replay(script.Events).Resource!;
            foreach (var yaml in YamlRendering.Layouts(TaskJson.Serialize(resource), seed))
            {
                var result = ManifestLoader.Load(yaml);

                Assert.True(result.IsSuccess, string.Join(Environment.NewLine, result.Errors) + Environment.NewLine + yaml);
                Assert.Equal(resource, Assert.Single(result.Tasks).ToResource());
            }
        });
}
