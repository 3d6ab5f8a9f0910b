using System.Text.Json;
using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class DocJsonSpec
{
    private static DocNode Only(ParseResult result)
    {
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return Assert.Single(result.Documents);
    }

    [Fact]
    public void Json_input_round_trips_through_the_tree()
    {
        const string json = """{"a":[1,-2.5e3,12345678901234567890123,"x",true,false,null,{}],"b":{"c":{"d":[[]]}},"é":"ü\n😀"}""";
        using var expected = JsonDocument.Parse(json);

        var element = DocJson.ToJsonElement(Only(DocumentParser.ParseJson(json)));

        Assert.True(JsonElement.DeepEquals(expected.RootElement, element), element.GetRawText());
        Assert.StartsWith("""{"a":[1,-2.5e3,12345678901234567890123,"x",true,false,null,{}],""", element.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("ü\n😀", element.GetProperty("é").GetString());
    }

    [Fact]
    public void Yaml_input_converts_to_the_equivalent_json()
    {
        const string yaml = """
            name: demo
            count: 3
            ratio: .5
            plus: +7
            hex: 0x1F
            quoted: "42"
            flags: [true, False, ~]
            nested:
              list:
                - a: 1
                - [x, 'y']
              script: |
                echo hi
            """;

        var element = DocJson.ToJsonElement(Only(DocumentParser.ParseYaml(yaml)));

        const string expected = """{"name":"demo","count":3,"ratio":0.5,"plus":7,"hex":31,"quoted":"42","flags":[true,false,null],"nested":{"list":[{"a":1},["x","y"]],"script":"echo hi"}}""";
        Assert.Equal(expected, element.GetRawText());
    }

    [Fact]
    public void Non_finite_numbers_become_named_literal_strings()
    {
        var root = Assert.IsType<DocMapping>(Only(DocumentParser.ParseYaml("v: [.inf, -.inf, .nan]")));
        Assert.True(root.TryGet("v", out var list));

        var element = DocJson.ToJsonElement(list);

        Assert.Equal("""["Infinity","-Infinity","NaN"]""", element.GetRawText());
    }

    [Fact]
    public void Aliased_nodes_are_written_at_every_use()
    {
        var element = DocJson.ToJsonElement(Only(DocumentParser.ParseYaml("a: &x {k: [1]}\nb: *x\n")));

        Assert.Equal("""{"a":{"k":[1]},"b":{"k":[1]}}""", element.GetRawText());
    }

    [Fact]
    public void WriteTo_writes_a_subtree_into_an_open_writer()
    {
        var root = Assert.IsType<DocMapping>(Only(DocumentParser.ParseYaml("input:\n  x: 1\n")));
        Assert.True(root.TryGet("input", out var input));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("payload");
            DocJson.WriteTo(input, writer);
            writer.WriteEndObject();
        }

        Assert.Equal("""{"payload":{"x":1}}""", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Element_outlives_any_document()
    {
        var element = DocJson.ToJsonElement(new DocScalar(new SourcePosition(1, 1), "hi", ScalarKind.String));

        GC.Collect();
        Assert.Equal("hi", element.GetString());
    }
}
