using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Documents;
using TaskActors.Model.Tests.Generators;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

/// <summary>
/// The YAML writer and reader agree on any tree of awkward text: mappings and lists nested a few levels, with keys and
/// values drawn from the spec generators' text (often a whole <see cref="YamlShapes"/> shape, or an indicator at one
/// end), each rendered in many random layouts. Denser than the spec round trip: every string of the tree sits in a
/// different context (key, value, list item, after a flow collection, inside one).
/// </summary>
public sealed class YamlTextProperties
{
    private static Gen<JsonNode> Tree(int depth) =>
        depth == 0
            ? TaskSpecGenerators.Text().Select(text => (JsonNode)JsonValue.Create(text)!)
            : Gen.Frequency(
                (2, TaskSpecGenerators.Text().Select(text => (JsonNode)JsonValue.Create(text)!)),
                (2, Gen.Choose(1, 6).SelectMany(n => Gen.ListOf(Gen.Zip(TaskSpecGenerators.Text(), Tree(depth - 1)), n)).Select(Mapping)),
                (2, Gen.Choose(1, 6).SelectMany(n => Gen.ListOf(Tree(depth - 1), n)).Select(items => (JsonNode)new JsonArray([.. items]))));

    private static JsonNode Mapping(IEnumerable<(string Key, JsonNode Value)> entries)
    {
        var mapping = new JsonObject();
        foreach (var (key, value) in entries)
        {
            mapping[key] = value;
        }

        return mapping;
    }

    [ScaledProperty(Cases = 300)]
    public Property Any_tree_of_awkward_text_reads_back_unchanged_in_any_layout() =>
        Prop.ForAll(Tree(4).Select(node => Mapping([("root", node)])).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (tree, seed) =>
        {
            var json = tree.ToJsonString();
            foreach (var yaml in YamlRendering.Layouts(json, seed))
            {
                var result = DocumentParser.ParseYaml(yaml);

                Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors) + Environment.NewLine + yaml);
                var read = JsonNode.Parse(DocJson.ToJsonElement(Assert.Single(result.Documents)).GetRawText());
                Assert.True(JsonNode.DeepEquals(tree, read), $"wrote {json}{Environment.NewLine}as{Environment.NewLine}{yaml}{Environment.NewLine}read {read?.ToJsonString()}");
            }
        });
}
