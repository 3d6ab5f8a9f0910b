using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Testing;

namespace TaskActors.Model.Tests.Generators;

/// <summary>
/// FsCheck generators of VALID task specs (every generated spec passes <see cref="TaskSpecValidator"/>), and of the
/// pieces they are made of. Text is drawn from fragments that stress JSON and YAML quoting and escaping.
/// </summary>
public static class TaskSpecGenerators
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Alphanumerics = Letters + Digits;
    private const string IdentifierChars = Alphanumerics + "._-";
    private const string LabelInnerChars = Alphanumerics + "-_.";
    private const string DnsChars = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string ImageChars = Alphanumerics + "._-/:@";

    /// <summary>Pieces of text that are special somewhere in JSON or YAML (all in the Basic Multilingual Plane).</summary>
    private static readonly string[] Fragments =
    [
        " ", "  ", "\"", "'", "\\", "\n", "\r\n", "\t", ": ", ":", "#", " #", "- ", "? ", "{", "}", "[", "]", ",", "&a", "*a",
        "!tag", "|", ">", "%", "@", "`", "=", "/", "<>&+", "é", "ü", "日本語", "Ω", "e\u0301", "\u00A0", "\u0007", "\u001B[0m",
        "true", "false", "null", "~", "yes", "0x1F", "0o17", "1e3", "007", ".5", "-1", ".inf", ".nan", "---", "...", "${HOME}",
        "\\n", "%TAG", "<<",
    ];

    private static readonly JitterPolicy[] Jitters = Enum.GetValues<JitterPolicy>();
    private static readonly AdmissionPolicy[] Admissions = Enum.GetValues<AdmissionPolicy>();
    private static readonly SelectorOperator[] Operators = Enum.GetValues<SelectorOperator>();

    /// <summary>Strings of <paramref name="chars"/> with a length drawn from <paramref name="length"/>.</summary>
    public static Gen<string> StringOf(string chars, Gen<int> length) =>
        length.SelectMany(n => Gen.ArrayOf(Gen.Elements(chars.ToCharArray()), n)).Select(cs => new string(cs));

    /// <summary>Mostly short lengths, sometimes anything up to <paramref name="max"/>, sometimes exactly max.</summary>
    public static Gen<int> Length(int min, int max) =>
        Gen.Frequency((6, Gen.Choose(min, Math.Min(max, min + 11))), (2, Gen.Choose(min, max)), (1, Gen.Constant(max)));

    /// <summary>A valid identifier (slot, task id, handler name): 1..max of <c>[A-Za-z0-9._-]</c>, not '.' or '..'.</summary>
    public static Gen<string> Identifier(int maxLength) =>
        StringOf(IdentifierChars, Length(1, maxLength)).Where(s => s is not "." and not "..");

    /// <summary>A valid slot name (1..64 characters).</summary>
    public static Gen<Slot> Slots() => Identifier(Slot.MaxLength).Select(s => new Slot(s));

    /// <summary>
    /// Any text without NUL (possibly empty): often one of the awkward YAML shapes (<see cref="YamlShapes"/>) as a
    /// whole, otherwise letters joined with awkward fragments and shapes, so every shape also shows up at either end
    /// of longer text.
    /// </summary>
    public static Gen<string> Text() =>
        Gen.Frequency(
            (3, Gen.Elements(YamlShapes.All.ToArray())),
            (4, from indicator in Gen.Elements(YamlShapes.Indicators.ToArray())
                from word in StringOf(Alphanumerics, Gen.Choose(1, 8))
                from space in Gen.Elements(string.Empty, " ")
                from leading in Gen.Elements(true, false)
                select leading ? indicator + space + word : word + space + indicator),
            (3, Gen.Choose(0, 6)
                .SelectMany(n => Gen.ListOf(Gen.Frequency((3, StringOf(Alphanumerics, Gen.Choose(1, 8))), (2, Gen.Elements(Fragments)), (2, Gen.Elements(YamlShapes.All.ToArray()))), n))
                .Select(parts => string.Concat(parts))));

    /// <summary>Text that is not empty or white space only.</summary>
    public static Gen<string> NonBlankText() =>
        from word in StringOf(Alphanumerics, Gen.Choose(1, 6))
        from text in Text()
        from wordFirst in Gen.Elements(true, false)
        select wordFirst ? word + text : text + word;

    public static Gen<ValueList<string>> TextList() =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Text(), n)).Select(ValueList<string>.From);

    public static Gen<EnvVar> EnvVars() =>
        from key in Gen.Frequency(
            (4, StringOf(Letters.ToUpperInvariant() + Digits + "_", Gen.Choose(1, 12))),
            (1, NonBlankText().Select(s => s.Replace("=", string.Empty, StringComparison.Ordinal)).Where(s => s.Length > 0)))
        from value in Text()
        select new EnvVar(key, value);

    public static Gen<ValueList<EnvVar>> Env() =>
        Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(EnvVars(), n)).Select(ValueList<EnvVar>.From);

    public static Gen<ScriptRuntime> Runtimes() =>
        Gen.Frequency(
            (1, Gen.Constant(ScriptRuntime.Bash)),
            (1, Gen.Constant(ScriptRuntime.Python)),
            (1, Gen.Constant(ScriptRuntime.Node)),
            (2, Gen.Zip(NonBlankText(), NonBlankText()).Select(t => ScriptRuntime.Custom(t.Item1, t.Item2))));

    public static Gen<SubprocessMode> Modes()
    {
        var command =
            from program in NonBlankText()
            from args in TextList()
            select (SubprocessMode)new CommandMode(program, args);
        var script =
            from runtime in Runtimes()
            from body in NonBlankText()
            from args in TextList()
            select (SubprocessMode)new ScriptMode(runtime, Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), args);
        return Gen.OneOf(command, script);
    }

    public static Gen<Workload> Subprocesses() =>
        from mode in Modes()
        from env in Env()
        from cwd in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, NonBlankText().Select(s => (string?)s)))
        from failOnNonZero in Gen.Elements(true, false)
        select (Workload)new SubprocessWorkload(mode, env, cwd, failOnNonZero);

    /// <summary>A random JSON value up to <paramref name="depth"/> levels of nesting (objects, arrays, every scalar kind).</summary>
    public static Gen<JsonNode?> JsonValues(int depth)
    {
        var doubles = Gen.OneOf(
            Gen.Zip(Gen.Choose(-1_000_000, 1_000_000), Gen.Choose(1, 100_000)).Select(t => t.Item1 / (double)t.Item2),
            Gen.Elements(0.1, 1.0 / 3, -2.5e-7, 1e21, 6.02214076e23, 5e-324, double.MaxValue, double.MinValue, 1e-300));
        var decimals =
            from lo in Gen.Choose(0, int.MaxValue)
            from mid in Gen.Choose(0, 1000)
            from negative in Gen.Elements(true, false)
            from scale in Gen.Choose(0, 8)
            select new decimal(lo, mid, 0, negative, (byte)scale);
        var leaves = Gen.Frequency(
            (1, Gen.Constant<JsonNode?>(null)),
            (2, Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b))),
            (3, Gen.Choose(-1_000_000, 1_000_000).Select(i => (JsonNode?)JsonValue.Create(i))),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (JsonNode?)JsonValue.Create(((long)i * 4_294_967_296L) + 17))),
            (2, doubles.Select(d => (JsonNode?)JsonValue.Create(d))),
            (1, decimals.Select(d => (JsonNode?)JsonValue.Create(d))),
            (3, Text().Select(s => (JsonNode?)JsonValue.Create(s))));
        if (depth <= 0)
        {
            return leaves;
        }

        var child = JsonValues(depth - 1);
        var arrays = Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(child, n)).Select(items => (JsonNode?)new JsonArray([.. items]));
        var objects = Gen.Choose(0, 4)
            .SelectMany(n => Gen.ListOf(Gen.Zip(Text(), child), n))
            .Select(properties =>
            {
                var node = new JsonObject();
                foreach (var (name, value) in properties)
                {
                    node[name] = value;
                }

                return (JsonNode?)node;
            });
        return Gen.Frequency((3, leaves), (1, arrays), (2, objects));
    }

    /// <summary>A handler input: absent, or any non-null JSON value (mostly objects) as a standalone element.</summary>
    public static Gen<JsonElement?> HandlerInputs() =>
        Gen.Frequency(
            (1, Gen.Constant<JsonElement?>(null)),
            (4, JsonValues(3).Where(node => node is not null).Select(node => (JsonElement?)JsonSerializer.SerializeToElement(node))));

    public static Gen<Workload> Handlers() =>
        from name in Identifier(128)
        from input in HandlerInputs()
        select (Workload)new HandlerWorkload(name, input);

    public static Gen<Workload> Wasm() =>
        from module in NonBlankText()
        from args in TextList()
        from env in Env()
        from cwd in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, NonBlankText().Select(s => (string?)s)))
        from memoryLimit in Gen.Frequency(
            (2, Gen.Constant<int?>(null)),
            (2, Gen.Choose(1, 1024).Select(i => (int?)i)),
            (1, Gen.Elements<int?>(1, WasmWorkload.MaxMemoryLimitMiB)))
        select (Workload)new WasmWorkload(module, args, env, cwd, memoryLimit);

    public static Gen<Workload> Containers() =>
        from image in StringOf(ImageChars, Gen.Choose(1, 40))
        from command in TextList()
        from args in TextList()
        from env in Env()
        select (Workload)new ContainerWorkload(image, command, args, env);

    /// <summary>Workloads of all four kinds.</summary>
    public static Gen<Workload> Workloads() => Gen.OneOf(Subprocesses(), Handlers(), Wasm(), Containers());

    /// <summary>
    /// A positive number of milliseconds: mostly realistic, and with <paramref name="extreme"/> sometimes anything up to
    /// <see cref="PolicyDefaults.MaxDurationMs"/> (the largest duration the validator accepts).
    /// </summary>
    public static Gen<long> Milliseconds(bool extreme)
    {
        var realistic = Gen.Frequency(
            (3, Gen.Choose(1, 60_000).Select(i => (long)i)),
            (2, Gen.Choose(1, 86_400).Select(s => s * 1_000L)),
            (1, Gen.Constant(1L)));
        return extreme
            ? Gen.Frequency(
                (4, realistic),
                (1, Gen.Choose(1, int.MaxValue).Select(i => Math.Min(PolicyDefaults.MaxDurationMs, i * 15L))),
                (1, Gen.Constant(PolicyDefaults.MaxDurationMs)))
            : realistic;
    }

    public static Gen<RestartPolicy> Restarts(bool extreme) =>
        Gen.Frequency(
            (1, Gen.Constant(RestartPolicy.Never)),
            (1, Gen.Constant(RestartPolicy.OnFailure)),
            (1, Gen.Constant(RestartPolicy.Always)),
            (1, Milliseconds(extreme).Select(RestartPolicy.Periodic)));

    public static Gen<BackoffPolicy> Backoffs(bool extreme) =>
        from jitter in Gen.Elements(Jitters)
        from first in Milliseconds(extreme)
        from extra in Gen.Frequency((1, Gen.Constant(0L)), (3, Milliseconds(extreme)))
        from factor in Gen.Frequency(
            (2, Gen.Elements(1.0, 1.5, 2.0, 3.0, 10.0)),
            (2, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(1, 1_000_000)).Select(t => 1.0 + (t.Item1 / (double)t.Item2 / 1_000.0))),
            (1, Gen.Elements(1e10, 1e308, double.MaxValue)))
        select new BackoffPolicy(jitter, first, Math.Min(first + extra, Math.Max(first, PolicyDefaults.MaxDurationMs)), factor);

    /// <summary>A label name (key name or non-empty value): 1..63 characters, alphanumeric at both ends.</summary>
    public static Gen<string> LabelNames() =>
        Gen.Frequency(
            (2, StringOf(Alphanumerics, Gen.Constant(1))),
            (6, from first in StringOf(Alphanumerics, Gen.Constant(1))
                from middle in StringOf(LabelInnerChars, Length(0, LabelRules.MaxNameLength - 2))
                from last in StringOf(Alphanumerics, Gen.Constant(1))
                select first + middle + last));

    public static Gen<string> LabelValues() => Gen.Frequency((1, Gen.Constant(string.Empty)), (5, LabelNames()));

    /// <summary>A label key: a name, optionally prefixed by a lowercase DNS subdomain and '/'.</summary>
    public static Gen<string> LabelKeys()
    {
        var dnsLabel =
            from first in StringOf(DnsChars, Gen.Constant(1))
            from middle in StringOf(DnsChars + "-", Gen.Choose(0, 10))
            from last in StringOf(DnsChars, Gen.Constant(1))
            from single in Gen.Elements(true, false)
            select single ? first : first + middle + last;
        var prefix = Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(dnsLabel, n)).Select(parts => string.Join('.', parts));
        return Gen.Frequency(
            (3, LabelNames()),
            (1, Gen.Zip(prefix, LabelNames()).Select(t => $"{t.Item1}/{t.Item2}")));
    }

    public static Gen<Labels> LabelSets() =>
        Gen.Choose(0, 4)
            .SelectMany(n => Gen.ListOf(Gen.Zip(LabelKeys(), LabelValues()), n))
            .Select(pairs => Labels.From(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))));

    public static Gen<SelectorRequirement> Requirements() =>
        from key in LabelKeys()
        from op in Gen.Elements(Operators)
        from values in op is SelectorOperator.In or SelectorOperator.NotIn
            ? Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(LabelValues(), n)).Select(ValueList<string>.From)
            : Gen.Constant(ValueList<string>.Empty)
        select new SelectorRequirement(key, op, values);

    public static Gen<LabelSelector?> RunnerSelectors() =>
        Gen.Frequency(
            (2, Gen.Constant<LabelSelector?>(null)),
            (1, Gen.Constant<LabelSelector?>(LabelSelector.Everything)),
            (3, from labels in LabelSets()
                from expressions in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(Requirements(), n))
                select (LabelSelector?)new LabelSelector(labels, ValueList<SelectorRequirement>.From(expressions))));

    /// <summary>
    /// Valid specs of every shape. With <paramref name="extremeDurations"/> the millisecond fields (timeout, interval,
    /// backoff) may be anything the validator accepts, up to <see cref="PolicyDefaults.MaxDurationMs"/>.
    /// </summary>
    public static Gen<TaskSpec> ValidSpecs(bool extremeDurations = true) =>
        from slot in Slots()
        from workload in Workloads()
        from timeout in Milliseconds(extremeDurations)
        from restart in Restarts(extremeDurations)
        from backoff in Backoffs(extremeDurations)
        from maxRetries in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 100).Select(i => (int?)i)))
        from admission in Gen.Elements(Admissions)
        from selector in RunnerSelectors()
        from labels in LabelSets()
        select new TaskSpec(slot, workload, timeout, restart, backoff, maxRetries, admission, selector, labels);

    public static Arbitrary<TaskSpec> Arbitrary(bool extremeDurations = true) => ValidSpecs(extremeDurations).ToArbitrary();
}
