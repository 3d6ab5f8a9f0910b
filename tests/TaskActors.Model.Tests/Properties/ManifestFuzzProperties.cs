using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Manifests;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

/// <summary>
/// The manifest loader under random damage: valid manifests (the sample and the shapes below), mutated by byte flips,
/// deletions, insertions of YAML/JSON indicators, duplicated or dropped lines and truncation, always load to tasks or to
/// positioned manifest errors (source:line:column), never to any other exception. 2,000 cases in CI; the long run
/// (<c>TASKACTORS_PROPERTY_SCALE</c>) multiplies them. A failure prints FsCheck's replay line and the mutated text.
/// </summary>
public sealed class ManifestFuzzProperties
{
    private const string FlowManifest = """
        metadata: {id: nightly-report}
        spec: {slot: reports, admission: queue, labels: {team: finance}, workload: {subprocess: {command: sh, args: ["-c", "echo hi"], env: [{key: A, value: "1"}]}}, timeoutMs: 5000}
        """;

    private const string BlockManifest = """
        - metadata:
            id: a-1
          spec:
            slot: s
            workload:
              handler:
                name: echo
                input:
                  greeting: "hi: there"
                  list: [1, 2, {x: y}]
                  text: |
                    two
                    lines
            restart: {type: always, intervalMs: 1000}
            backoff: {jitter: none, firstMs: 200, maxMs: 5000, factor: 2}
            maxRetries: 3
        - metadata: {id: a-2}
          spec:
            slot: s
            workload: {wasm: {module: hello.wasm, args: [x], memoryLimitMiB: 16}}
        """;

    private const string JsonManifest = """
        [{"metadata": {"id": "j-1"}, "spec": {"slot": "j", "workload": {"handler": {"name": "sleep", "input": {"ms": 5}}}, "labels": {"k": "v"}}},
         {"spec": {"slot": "j", "runnerSelector": {"matchLabels": {"os": "linux"}}, "workload": {"subprocess": {"command": "true"}}}}]
        """;

    private const string AnchorManifest = """
        metadata: {id: &id anchored}
        spec: &spec
          slot: *id
          workload: {handler: {name: echo, input: &input {a: [1, 2, 3]}}}
          labels: {copy: *id}
        ---
        metadata: {id: &id2 second}
        spec: {slot: x, workload: {handler: {name: echo, input: &in {b: c}}}, labels: {x: *id2}}
        
        """;

    private static readonly string[] Indicators =
    [
        ":", ": ", "-", "- ", "?", "? ", "{", "}", "[", "]", ",", "#", "&", "&a ", "*", "*a", "!", "!!str ", "!<x> ", "|", ">", "|-", ">+2",
        "'", "\"", "%", "%YAML 1.2\n", "@", "`", "\n", "\r\n", "\t", " ", "  ", "---", "---\n", "...", "...\n", "\\", "\0", "\u0085", "\u2028",
        "\uFEFF", "\uD800", "{a: 1", ": v", "[[[[[[[[", "{{{{{{", "*x", "<<: *a", "\"\\u12", "'''", "é", "1e999", "-0x", "0o7",
    ];

    private static readonly Lazy<IReadOnlyList<string>> Corpus = new(() =>
    {
        var corpus = new List<string> { FlowManifest, BlockManifest, JsonManifest, AnchorManifest };
        var sample = Path.Combine(BuiltArtifacts.RepositoryRoot, "samples", "tasks.yaml");
        corpus.Add(File.ReadAllText(sample));
        var demo = Path.Combine(BuiltArtifacts.RepositoryRoot, "src", "TaskActors.Cli", "Demo", "demo.yaml");
        if (File.Exists(demo))
        {
            corpus.Add(File.ReadAllText(demo));
        }

        return corpus;
    });

    [Fact]
    public void Every_manifest_of_the_corpus_is_valid_before_mutation()
    {
        foreach (var text in Corpus.Value)
        {
            var result = ManifestLoader.Load(text, "corpus.yaml");
            Assert.True(result.IsSuccess, string.Join(Environment.NewLine, result.Errors) + Environment.NewLine + text);
        }
    }

    [Theory]
    [InlineData("{a: 1")]
    [InlineData(": v")]
    [InlineData("metadata: {id: x\nspec: {slot: s}")]
    [InlineData("- [a, b\n- c")]
    [InlineData("spec: {slot: s, workload: {handler: {name: echo}}}\n: v")]
    [InlineData("\"unterminated")]
    public void Malformed_yaml_is_a_positioned_manifest_error(string text)
    {
        var result = ManifestLoader.Load(text, "bad.yaml");

        var error = Assert.Single(result.Errors.Take(1));
        Assert.NotNull(error.Position);
        Assert.StartsWith("bad.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(result.Tasks);
    }

    [ScaledProperty(Cases = 2000)]
    public Property A_mutated_manifest_loads_or_gives_positioned_errors_and_never_throws() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (seed, pick) =>
        {
            var corpus = Corpus.Value;
            var original = corpus[(int)((uint)pick % (uint)corpus.Count)];
            var text = Mutate(original, new Random(seed));
            ManifestResult result;
            try
            {
                result = ManifestLoader.Load(text, "fuzz.yaml");
            }
            catch (Exception e)
            {
                Assert.Fail($"the loader threw {e.GetType().Name}: {e.Message}{Environment.NewLine}on:{Environment.NewLine}{Show(text)}{Environment.NewLine}{e}");
                return;
            }

            Assert.True(result.IsSuccess ? result.Tasks.Count > 0 || text.Trim().Length == 0 || IsOnlyComments(text) : result.Tasks.Count == 0,
                $"tasks and errors together, or neither{Environment.NewLine}{Show(text)}");
            foreach (var error in result.Errors)
            {
                Assert.True(error.Position is not null && error.Position.Value.Line >= 1 && error.Position.Value.Column >= 1,
                    $"an error without a position: {error}{Environment.NewLine}on:{Environment.NewLine}{Show(text)}");
                Assert.StartsWith("fuzz.yaml:", error.ToString(), StringComparison.Ordinal);
            }
        });

    private static bool IsOnlyComments(string text) =>
        text.Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || line.Trim() is "---" or "...");

    /// <summary>One to four mutations of <paramref name="text"/>, chosen by <paramref name="random"/>.</summary>
    private static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 5);
        for (var i = 0; i < mutations; i++)
        {
            text = random.Next(8) switch
            {
                0 => FlipByte(text, random),
                1 => Delete(text, random),
                2 => Insert(text, random, Indicators[random.Next(Indicators.Length)]),
                3 => DuplicateLine(text, random),
                4 => DropLine(text, random),
                5 => text[..random.Next(text.Length + 1)],
                6 => Insert(text, random, new string(' ', random.Next(1, 5))),
                _ => SwapLines(text, random),
            };
        }

        return text;
    }

    private static string FlipByte(string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return text;
        }

        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Delete(string text, Random random)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var at = random.Next(text.Length);
        return text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
    }

    private static string Insert(string text, Random random, string what) => text.Insert(random.Next(text.Length + 1), what);

    private static string DuplicateLine(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var at = random.Next(lines.Count);
        lines.Insert(at, lines[at]);
        return string.Join('\n', lines);
    }

    private static string DropLine(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        lines.RemoveAt(random.Next(lines.Count));
        return string.Join('\n', lines);
    }

    private static string SwapLines(string text, Random random)
    {
        var lines = text.Split('\n');
        var a = random.Next(lines.Length);
        var b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private static string Show(string text) => text.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
