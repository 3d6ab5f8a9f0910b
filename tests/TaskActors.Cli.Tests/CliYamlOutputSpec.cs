using System.Text.Json.Nodes;
using TaskActors.Model.Documents;
using TaskActors.Testing;

namespace TaskActors.Cli.Tests;

/// <summary>
/// The command's <c>-o yaml</c> is the model's YAML writer: for every command that prints a document, the YAML it
/// prints reads back through the manifest reader to exactly the JSON it prints with <c>-o json</c>, with every awkward
/// text shape in keys, values, list items and output tails.
/// </summary>
public sealed class CliYamlOutputSpec : IDisposable
{
    private readonly TempDirectory _directory = new("cli-yaml");

    private string Store => _directory.File("store.db");

    [Fact]
    public async Task Yaml_output_of_every_command_reads_back_as_its_json_output_for_every_awkward_text()
    {
        var shapes = YamlShapes.All;
        var input = new JsonObject { ["list"] = new JsonArray([.. shapes.Select(s => (JsonNode)JsonValue.Create(s)!)]) };
        foreach (var shape in shapes)
        {
            input[shape] = shape;
        }

        var manifest = new JsonArray(
            new JsonObject
            {
                ["metadata"] = new JsonObject { ["id"] = "shapes-in-input" },
                ["spec"] = new JsonObject { ["slot"] = "a", ["workload"] = new JsonObject { ["handler"] = new JsonObject { ["name"] = "echo", ["input"] = input } } },
            },
            new JsonObject
            {
                ["metadata"] = new JsonObject { ["id"] = "shapes-in-output" },
                ["spec"] = new JsonObject
                {
                    ["slot"] = "b",
                    ["workload"] = new JsonObject
                    {
                        ["subprocess"] = new JsonObject
                        {
                            ["command"] = "printf",
                            ["args"] = new JsonArray([JsonValue.Create("%s|"), .. shapes.Select(s => (JsonNode)JsonValue.Create(s)!)]),
                            ["env"] = new JsonArray([.. shapes.Select((s, i) => (JsonNode)new JsonObject { ["key"] = $"SHAPE_{i}", ["value"] = s })]),
                        },
                    },
                },
            });
        var file = _directory.File("shapes.json");
        await File.WriteAllTextAsync(file, manifest.ToJsonString());
        var run = await CliProcess.RunAsync(_directory.Path, "run", file, "--store", Store, "--until-done");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");

        foreach (var command in new[]
                 {
                     new[] { "get", "shapes-in-input" }, ["get", "shapes-in-output"], ["list"],
                     ["runs", "shapes-in-output"], ["events", "shapes-in-input"], ["events", "shapes-in-output"],
                 })
        {
            var json = await CliProcess.RunAsync(_directory.Path, [.. command, "--store", Store, "-o", "json"]);
            var yaml = await CliProcess.RunAsync(_directory.Path, [.. command, "--store", Store, "-o", "yaml"]);
            Assert.True(json.ExitCode == 0 && yaml.ExitCode == 0, json.Stderr + yaml.Stderr);

            var parsed = DocumentParser.ParseYaml(yaml.Stdout);

            Assert.True(parsed.Errors.Count == 0, $"{string.Join(' ', command)}: {string.Join("; ", parsed.Errors)}");
            var expected = JsonNode.Parse(json.Stdout);
            // The reader takes a root list as one document per item, as manifests do.
            var documents = parsed.Documents.Select(d => JsonNode.Parse(DocJson.ToJsonElement(d).GetRawText())).ToList();
            var actual = expected is JsonArray ? new JsonArray([.. documents]) : Assert.Single(documents);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{string.Join(' ', command)}: the YAML output reads back differently from the JSON output");
        }
    }

    public void Dispose() => _directory.Dispose();
}
