using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class DocumentParserSpec
{
    [Fact]
    public void Parse_picks_json_for_a_leading_brace_or_bracket()
    {
        // Duplicate keys are reported by both parsers; "//" only parses as a comment in JSON.
        var objectResult = DocumentParser.Parse("  \n {\"a\": 1 // note\n}", "x");
        var arrayResult = DocumentParser.Parse("\uFEFF[{\"a\": 1}, {\"a\": 2}]", "x");

        Assert.True(objectResult.IsSuccess);
        Assert.Equal(2, arrayResult.Documents.Count);
        Assert.Equal(new SourcePosition(1, 12), arrayResult.Documents[1].Position);
    }

    [Fact]
    public void Parse_picks_yaml_otherwise()
    {
        var result = DocumentParser.Parse("# tasks\nname: a\n", "x");

        Assert.True(result.IsSuccess);
        Assert.IsType<DocMapping>(Assert.Single(result.Documents));
    }

    [Fact]
    public void Parse_results_carry_the_source_name_in_errors()
    {
        Assert.Equal("a.json", Assert.Single(DocumentParser.Parse("{", "a.json").Errors).SourceName);
        Assert.Equal("a.yaml", Assert.Single(DocumentParser.Parse("a: 'x", "a.yaml").Errors).SourceName);
    }

    [Fact]
    public void Yaml_and_json_spellings_of_a_task_list_give_equal_json()
    {
        var yaml = DocumentParser.Parse("- name: a\n  retries: 3\n- name: b\n  retries: 0\n", null);
        var json = DocumentParser.Parse("""[{"name": "a", "retries": 3}, {"name": "b", "retries": 0}]""", null);

        Assert.Equal(
            json.Documents.Select(d => DocJson.ToJsonElement(d).GetRawText()),
            yaml.Documents.Select(d => DocJson.ToJsonElement(d).GetRawText()));
    }
}
