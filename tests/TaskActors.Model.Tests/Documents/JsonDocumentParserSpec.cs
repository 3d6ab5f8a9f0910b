using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class JsonDocumentParserSpec
{
    private static DocMapping SingleMapping(ParseResult result)
    {
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return Assert.IsType<DocMapping>(Assert.Single(result.Documents));
    }

    private static DocNode Get(DocNode node, string name)
    {
        Assert.True(Assert.IsType<DocMapping>(node).TryGet(name, out var value), $"missing '{name}'");
        return value;
    }

    [Fact]
    public void Json_scalars_carry_their_line_and_column()
    {
        const string text = """
            {
              "kind": "task",
              "spec": {
                "timeoutMs": 5000,
                "args": ["a", true, null]
              }
            }
            """;
        var root = SingleMapping(DocumentParser.ParseJson(text));

        Assert.Equal(new SourcePosition(1, 1), root.Position);
        Assert.Equal(new SourcePosition(2, 3), root.Properties[0].NamePosition);
        Assert.Equal(new SourcePosition(2, 11), Get(root, "kind").Position);
        var spec = Get(root, "spec");
        Assert.Equal(new SourcePosition(3, 11), spec.Position);
        Assert.Equal(new SourcePosition(4, 18), Get(spec, "timeoutMs").Position);
        var args = Assert.IsType<DocSequence>(Get(spec, "args"));
        Assert.Equal(new SourcePosition(5, 13), args.Position);
        Assert.Equal(
            [new SourcePosition(5, 14), new SourcePosition(5, 19), new SourcePosition(5, 25)],
            args.Items.Select(i => i.Position));
    }

    [Fact]
    public void Json_scalar_kinds_come_from_the_tokens()
    {
        var root = SingleMapping(DocumentParser.ParseJson("""{"s": "1", "n": 1, "f": -2.5e3, "b": false, "z": null}"""));

        var s = Assert.IsType<DocScalar>(Get(root, "s"));
        Assert.Equal((ScalarKind.String, "1"), (s.Kind, s.Text));
        Assert.False(s.TryGetInt64(out _));
        var n = Assert.IsType<DocScalar>(Get(root, "n"));
        Assert.Equal((ScalarKind.Number, "1"), (n.Kind, n.Text));
        Assert.True(n.TryGetInt32(out var one));
        Assert.Equal(1, one);
        var f = Assert.IsType<DocScalar>(Get(root, "f"));
        Assert.Equal((ScalarKind.Number, "-2.5e3"), (f.Kind, f.Text));
        Assert.True(f.TryGetDouble(out var minus2500));
        Assert.Equal(-2500d, minus2500);
        var b = Assert.IsType<DocScalar>(Get(root, "b"));
        Assert.Equal((ScalarKind.Boolean, "false"), (b.Kind, b.Text));
        var z = Assert.IsType<DocScalar>(Get(root, "z"));
        Assert.Equal(ScalarKind.Null, z.Kind);
        Assert.Null(z.Text);
    }

    [Fact]
    public void Json_array_root_yields_one_document_per_element()
    {
        var result = DocumentParser.ParseJson("""
            [
              {"name": "a"},
              {"name": "b"}
            ]
            """);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Documents.Count);
        Assert.Equal(new SourcePosition(2, 3), result.Documents[0].Position);
        Assert.Equal(new SourcePosition(3, 3), result.Documents[1].Position);
        Assert.Equal("b", Assert.IsType<DocScalar>(Get(result.Documents[1], "name")).Text);
    }

    [Fact]
    public void Json_comments_and_trailing_commas_are_accepted()
    {
        var root = SingleMapping(DocumentParser.ParseJson("""
            {
              // a comment
              "a": [1, 2,], /* another */
            }
            """));

        Assert.Equal(2, Assert.IsType<DocSequence>(Get(root, "a")).Items.Count);
        Assert.Equal(new SourcePosition(3, 3), root.Properties[0].NamePosition);
    }

    [Fact]
    public void Json_duplicate_keys_are_reported_with_path_and_position_and_the_first_is_kept()
    {
        var result = DocumentParser.ParseJson("""
            {"spec": {
              "a": 1,
              "a": 2,
              "b": {"c": 1, "c": 2}
            }}
            """, "tasks.json");

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(
            "tasks.json:3:3: spec.a: duplicate key 'a' (first defined at line 2, column 3)",
            result.Errors[0].ToString());
        Assert.Equal(new SourcePosition(4, 17), result.Errors[1].Position);
        Assert.Equal("spec.b.c", result.Errors[1].Path);
        var spec = Get(Assert.Single(result.Documents), "spec");
        Assert.Equal("1", Assert.IsType<DocScalar>(Get(spec, "a")).Text);
    }

    [Fact]
    public void Json_syntax_errors_carry_one_based_line_and_column()
    {
        var result = DocumentParser.ParseJson("{\n  \"a\": 1,\n  \"b\" 2\n}", "t.json");

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Documents);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourcePosition(3, 7), error.Position);
        Assert.Equal("", error.Path);
        Assert.StartsWith("t.json:3:7: invalid JSON: ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_syntax_error_columns_count_characters_not_bytes()
    {
        var result = DocumentParser.ParseJson("{\"é€😀\": x}");

        Assert.Equal(new SourcePosition(1, 10), Assert.Single(result.Errors).Position);
    }

    [Fact]
    public void Json_columns_count_characters_after_unicode_text()
    {
        // é is 2 UTF-8 bytes, € 3, 😀 4 (and 2 UTF-16 code units).
        var root = SingleMapping(DocumentParser.ParseJson("{\"é€😀\": \"ü\", \"n\": 1}"));

        Assert.Equal(new SourcePosition(1, 10), root.Properties[0].Value.Position);
        Assert.Equal(new SourcePosition(1, 15), root.Properties[1].NamePosition);
        Assert.Equal(new SourcePosition(1, 20), root.Properties[1].Value.Position);
    }

    [Fact]
    public void Json_lines_split_at_crlf_as_well()
    {
        var root = SingleMapping(DocumentParser.ParseJson("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}"));

        Assert.Equal(new SourcePosition(3, 8), root.Properties[1].Value.Position);
    }

    [Fact]
    public void Json_empty_text_and_trailing_content_are_errors()
    {
        Assert.Equal(new SourcePosition(1, 1), Assert.Single(DocumentParser.ParseJson("").Errors).Position);
        Assert.Equal(new SourcePosition(1, 4), Assert.Single(DocumentParser.ParseJson("{} {}").Errors).Position);
    }

    [Fact]
    public void Json_nesting_deeper_than_the_limit_is_an_error()
    {
        var deep = new string('[', DocumentParser.MaxDepth + 1) + new string(']', DocumentParser.MaxDepth + 1);

        Assert.False(DocumentParser.ParseJson(deep).IsSuccess);
        Assert.True(DocumentParser.ParseJson(deep[1..^1]).IsSuccess);
    }

    [Fact]
    public void Json_invalid_surrogate_escape_is_an_error_not_an_exception()
    {
        var result = DocumentParser.ParseJson("{\"a\": \"\\uD800\"}");

        Assert.Equal(new SourcePosition(1, 7), Assert.Single(result.Errors).Position);
    }
}
