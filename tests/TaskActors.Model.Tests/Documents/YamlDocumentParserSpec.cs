using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class YamlDocumentParserSpec
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
    public void Yaml_nodes_carry_their_line_and_column()
    {
        const string text = """
            kind: task
            spec:
              backoff:
                maxMs: 5000
              args:
                - one
                - "two"
                - three: 3
                  four: 4
            """;
        var root = SingleMapping(DocumentParser.ParseYaml(text));

        Assert.Equal(new SourcePosition(1, 1), root.Position);
        Assert.Equal(new SourcePosition(1, 7), Get(root, "kind").Position);
        Assert.Equal(new SourcePosition(2, 1), root.Properties[1].NamePosition);
        var spec = Get(root, "spec");
        Assert.Equal(new SourcePosition(3, 3), spec.Position);
        var backoff = Assert.IsType<DocMapping>(Get(spec, "backoff"));
        Assert.Equal(new SourcePosition(4, 5), backoff.Properties[0].NamePosition);
        Assert.Equal(new SourcePosition(4, 12), Get(backoff, "maxMs").Position);
        var args = Assert.IsType<DocSequence>(Get(spec, "args"));
        Assert.Equal(new SourcePosition(6, 5), args.Position);
        Assert.Equal(new SourcePosition(6, 7), args.Items[0].Position);
        Assert.Equal(new SourcePosition(7, 7), args.Items[1].Position);
        var third = Assert.IsType<DocMapping>(args.Items[2]);
        Assert.Equal(new SourcePosition(9, 7), third.Properties[1].NamePosition);
        Assert.Equal(new SourcePosition(9, 13), Get(third, "four").Position);
    }

    [Fact]
    public void Yaml_block_scalars_are_strings_positioned_at_their_indicator()
    {
        var root = SingleMapping(DocumentParser.ParseYaml("a: 1\nscript: |\n  echo hi\n  exit 1\nfolded: >\n  x\n  y\nb: 2\n"));

        var script = Assert.IsType<DocScalar>(Get(root, "script"));
        Assert.Equal((ScalarKind.String, "echo hi\nexit 1\n"), (script.Kind, script.Text));
        Assert.Equal(new SourcePosition(2, 9), script.Position);
        Assert.Equal("x y\n", Assert.IsType<DocScalar>(Get(root, "folded")).Text);
        Assert.Equal(new SourcePosition(8, 4), Get(root, "b").Position);
    }

    [Fact]
    public void Yaml_flow_collections_carry_positions()
    {
        var root = SingleMapping(DocumentParser.ParseYaml("args: [a, {k: v}, 3]\n"));

        var args = Assert.IsType<DocSequence>(Get(root, "args"));
        Assert.Equal(new SourcePosition(1, 7), args.Position);
        Assert.Equal(new SourcePosition(1, 11), args.Items[1].Position);
        Assert.Equal(new SourcePosition(1, 15), Get(args.Items[1], "k").Position);
        Assert.Equal(new SourcePosition(1, 19), args.Items[2].Position);
    }

    [Fact]
    public void Yaml_columns_count_characters_after_unicode_text()
    {
        var root = SingleMapping(DocumentParser.ParseYaml("name: \"é€😀\"\nx: [ü, 😀, z]\n"));

        var list = Assert.IsType<DocSequence>(Get(root, "x"));
        Assert.Equal(new SourcePosition(2, 8), list.Items[1].Position);
        Assert.Equal(new SourcePosition(2, 12), list.Items[2].Position);
        Assert.Equal("é€😀", Assert.IsType<DocScalar>(Get(root, "name")).Text);
    }

    [Fact]
    public void Yaml_multiple_documents_each_become_a_document()
    {
        var result = DocumentParser.ParseYaml("---\nname: a\n---\nname: b\n...\n---\nname: c\n");

        Assert.True(result.IsSuccess);
        Assert.Equal(["a", "b", "c"], result.Documents.Select(d => Assert.IsType<DocScalar>(Get(d, "name")).Text));
        Assert.Equal(new SourcePosition(7, 7), Get(result.Documents[2], "name").Position);
    }

    [Fact]
    public void Yaml_sequence_roots_contribute_each_item_as_a_document()
    {
        var result = DocumentParser.ParseYaml("- name: a\n- name: b\n---\nname: c\n");

        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Documents.Count);
        Assert.Equal(new SourcePosition(2, 3), result.Documents[1].Position);
    }

    [Fact]
    public void Yaml_empty_text_has_no_documents_and_an_empty_document_is_null()
    {
        Assert.Empty(DocumentParser.ParseYaml("").Documents);
        Assert.Empty(DocumentParser.ParseYaml("# only a comment\n").Documents);
        var empty = Assert.IsType<DocScalar>(Assert.Single(DocumentParser.ParseYaml("---\n").Documents));
        Assert.Equal(ScalarKind.Null, empty.Kind);
    }

    [Fact]
    public void Yaml_duplicate_keys_are_reported_with_path_and_position_and_the_first_is_kept()
    {
        var result = DocumentParser.ParseYaml("spec:\n  a: 1\n  b: 2\n  a: 3\n", "tasks.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("tasks.yaml:4:3: spec.a: duplicate key 'a' (first defined at line 2, column 3)", error.ToString());
        Assert.Equal("1", Assert.IsType<DocScalar>(Get(Get(Assert.Single(result.Documents), "spec"), "a")).Text);
    }

    [Fact]
    public void Yaml_reports_every_duplicate_key_across_documents()
    {
        var result = DocumentParser.ParseYaml("- a: 1\n  a: 2\n- b: 1\n  b: 2\n");

        Assert.Equal(
            [new SourcePosition(2, 3), new SourcePosition(4, 3)],
            result.Errors.Select(e => e.Position!.Value));
        Assert.Equal(["a", "b"], result.Errors.Select(e => e.Path));
        Assert.Equal(2, result.Documents.Count);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_line_and_column()
    {
        var result = DocumentParser.ParseYaml("name: a\nspec:\n  x: [1, 2\n", "t.yaml");

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourcePosition(4, 1), error.Position);
        Assert.StartsWith("t.yaml:4:1: invalid YAML: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_error_keeps_the_documents_completed_before_it()
    {
        var result = DocumentParser.ParseYaml("name: a\n---\nname: 'b\n");

        Assert.Single(result.Documents);
        Assert.Equal(new SourcePosition(3, 7), Assert.Single(result.Errors).Position);
    }

    [Fact]
    public void Yaml_bad_indentation_is_a_syntax_error_with_position()
    {
        var error = Assert.Single(DocumentParser.ParseYaml("a: 1\n b: 2\n").Errors);

        Assert.Equal(new SourcePosition(2, 3), error.Position);
    }

    [Fact]
    public void Yaml_non_scalar_keys_are_errors()
    {
        var result = DocumentParser.ParseYaml("a: 1\n? [x, y]\n: 2\n? {k: v}\n: 3\nb: 4\n");

        Assert.Equal(
            ["mapping keys must be scalars, got a list", "mapping keys must be scalars, got an object"],
            result.Errors.Select(e => e.Message));
        Assert.Equal(new SourcePosition(2, 3), result.Errors[0].Position);
        var root = Assert.IsType<DocMapping>(Assert.Single(result.Documents));
        Assert.Equal(["a", "b"], root.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Yaml_aliases_reuse_the_anchored_node()
    {
        var root = SingleMapping(DocumentParser.ParseYaml("base: &b\n  retries: 3\ncopy: *b\nname: &n hello\nalso: *n\n"));

        Assert.Same(Get(root, "base"), Get(root, "copy"));
        Assert.Equal("hello", Assert.IsType<DocScalar>(Get(root, "also")).Text);
    }

    [Fact]
    public void Yaml_unknown_and_self_referencing_aliases_are_errors()
    {
        var result = DocumentParser.ParseYaml("a: *nope\nb: &self [1, *self]\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(new SourcePosition(1, 4), result.Errors[0].Position);
        Assert.Equal("a", result.Errors[0].Path);
        Assert.Equal("b[1]", result.Errors[1].Path);
    }

    [Fact]
    public void Yaml_anchors_do_not_cross_documents()
    {
        var result = DocumentParser.ParseYaml("a: &x 1\n---\nb: *x\n");

        Assert.Equal(new SourcePosition(3, 4), Assert.Single(result.Errors).Position);
    }

    [Fact]
    public void Yaml_alias_bombs_are_rejected()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i < 9; i++)
        {
            var refs = string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10));
            yaml += $"{(char)('a' + i)}: &{(char)('a' + i)} [{refs}]\n";
        }

        var result = DocumentParser.ParseYaml(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_nesting_deeper_than_the_limit_stops_the_parse_quickly()
    {
        var deep = new string('[', DocumentParser.MaxDepth + 1) + new string(']', DocumentParser.MaxDepth + 1);
        var pathological = new string('[', 200_000);

        var error = Assert.Single(DocumentParser.ParseYaml("a: " + deep).Errors);
        Assert.Equal(new SourcePosition(1, 4 + DocumentParser.MaxDepth - 1), error.Position);
        Assert.Contains("deeper than 64", error.Message, StringComparison.Ordinal);
        Assert.True(DocumentParser.ParseYaml(deep[1..^1]).IsSuccess);
        Assert.Single(DocumentParser.ParseYaml(pathological).Errors);
    }

    [Fact]
    public void Yaml_nesting_too_deep_through_an_alias_is_an_error()
    {
        var inner = new string('[', 40) + new string(']', 40);
        var result = DocumentParser.ParseYaml($"a: &x {inner}\nb: {new string('[', 30)}*x{new string(']', 30)}\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("aliases", error.Message, StringComparison.Ordinal);
        Assert.Single(result.Documents);
    }

    [Fact]
    public void Yaml_merge_keys_are_ordinary_keys()
    {
        var root = SingleMapping(DocumentParser.ParseYaml("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n"));

        Assert.Equal(["<<", "y"], Assert.IsType<DocMapping>(Get(root, "derived")).Properties.Select(p => p.Name));
    }
}
