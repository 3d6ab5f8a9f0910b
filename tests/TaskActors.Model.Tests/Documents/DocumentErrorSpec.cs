using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Documents;

public sealed class DocumentErrorSpec
{
    [Fact]
    public void Error_text_has_source_position_path_and_message()
    {
        var error = new DocumentError("tasks.yaml", new SourcePosition(12, 5), "spec.timeoutMs", "expected a number, got a string");

        Assert.Equal("tasks.yaml:12:5: spec.timeoutMs: expected a number, got a string", error.ToString());
    }

    [Fact]
    public void Error_text_omits_absent_parts()
    {
        Assert.Equal("12:5: spec.x: bad", new DocumentError(null, new SourcePosition(12, 5), "spec.x", "bad").ToString());
        Assert.Equal("tasks.yaml: spec.x: bad", new DocumentError("tasks.yaml", null, "spec.x", "bad").ToString());
        Assert.Equal("tasks.yaml:1:1: bad", new DocumentError("tasks.yaml", new SourcePosition(1, 1), "", "bad").ToString());
        Assert.Equal("bad", new DocumentError(null, null, "", "bad").ToString());
    }

    [Fact]
    public void Paths_use_dots_indexes_and_quoted_odd_names()
    {
        var args = DocPath.Property(DocPath.Property(DocPath.Property("spec", "workload"), "subprocess"), "args");

        Assert.Equal("spec.workload.subprocess.args[2]", DocPath.Index(args, 2));
        Assert.Equal("spec", DocPath.Property(DocPath.Root, "spec"));
        Assert.Equal("[0]", DocPath.Index(DocPath.Root, 0));
        Assert.Equal("labels[\"app.kubernetes.io/name\"]", DocPath.Property("labels", "app.kubernetes.io/name"));
    }
}
