using TaskActors.Model.Common;
using TaskActors.Model.Documents;
using TaskActors.Model.Identity;
using TaskActors.Model.Policies;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Manifests;

/// <summary>
/// Reads the <c>spec</c> section: types and shape only (unknown fields, wrong types, missing required fields).
/// Value rules are checked afterwards by <see cref="TaskSpecValidator"/>. Missing parts are filled with
/// placeholders so one read reports every problem.
/// </summary>
internal static class SpecReader
{
    private const string WorkloadKinds = "exactly one of subprocess, handler, wasm, container";

    public static TaskSpec Read(ObjectReader spec, ReadContext context)
    {
        var slot = spec.String("slot", required: true, allowed: "a slot name") ?? string.Empty;
        var workload = ReadWorkload(spec, context);
        var timeoutMs = spec.Int64("timeoutMs", allowed: "milliseconds >= 1") ?? PolicyDefaults.TimeoutMs;
        var restart = ReadRestart(spec.Object("restart"));
        var backoff = ReadBackoff(spec.Object("backoff"));
        var maxRetries = spec.Int32("maxRetries", allowed: "an integer >= 0, or omit it for unlimited");
        var admission = ReadEnum(spec, "admission", PolicyDefaults.Admission, AdmissionNames);
        var selector = spec.Object("runnerSelector") is { } selectorReader ? ReadSelector(selectorReader, context) : null;
        var labels = Labels.From(spec.StringMap("labels"));
        var stopGracePeriodMs = spec.Int64("stopGracePeriodMs", allowed: $"milliseconds from 0 to {PolicyDefaults.MaxStopGracePeriodMs}") ?? PolicyDefaults.StopGracePeriodMs;
        var onInterruption = ReadEnum(spec, "onInterruption", PolicyDefaults.OnInterruption, InterruptionNames);
        spec.Finish();
        return new TaskSpec(new Slot(slot), workload, timeoutMs, restart, backoff, maxRetries, admission, selector, labels)
        {
            StopGracePeriodMs = stopGracePeriodMs,
            OnInterruption = onInterruption,
        };
    }

    internal static readonly IReadOnlyDictionary<string, AdmissionPolicy> AdmissionNames = new Dictionary<string, AdmissionPolicy>
    {
        ["dropIfRunning"] = AdmissionPolicy.DropIfRunning,
        ["queue"] = AdmissionPolicy.Queue,
        ["replace"] = AdmissionPolicy.Replace,
    };

    internal static readonly IReadOnlyDictionary<string, InterruptionPolicy> InterruptionNames = new Dictionary<string, InterruptionPolicy>
    {
        ["retry"] = InterruptionPolicy.Retry,
        ["fail"] = InterruptionPolicy.Fail,
    };

    internal static readonly IReadOnlyDictionary<string, JitterPolicy> JitterNames = new Dictionary<string, JitterPolicy>
    {
        ["full"] = JitterPolicy.Full,
        ["none"] = JitterPolicy.None,
        ["equal"] = JitterPolicy.Equal,
        ["decorrelated"] = JitterPolicy.Decorrelated,
    };

    internal static readonly IReadOnlyDictionary<string, SelectorOperator> OperatorNames = new Dictionary<string, SelectorOperator>
    {
        ["In"] = SelectorOperator.In,
        ["NotIn"] = SelectorOperator.NotIn,
        ["Exists"] = SelectorOperator.Exists,
        ["DoesNotExist"] = SelectorOperator.DoesNotExist,
    };

    private static T ReadEnum<T>(ObjectReader reader, string name, T fallback, IReadOnlyDictionary<string, T> names)
    {
        var allowed = string.Join(", ", names.Keys);
        var text = reader.String(name, allowed: allowed);
        if (text is null)
        {
            return fallback;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        reader.Error(reader.Get(name), reader.FieldPath(name), $"'{text}' is not one of the allowed values; allowed: {allowed}");
        return fallback;
    }

    private static Workload ReadWorkload(ObjectReader spec, ReadContext context)
    {
        var placeholder = SubprocessWorkload.Command("placeholder");
        var workload = spec.Object("workload", required: true, allowed: WorkloadKinds);
        if (workload is null)
        {
            return placeholder;
        }

        string[] kinds = ["subprocess", "handler", "wasm", "container"];
        var present = kinds.Where(workload.Has).ToList();
        Workload? result = null;
        if (present.Count != 1)
        {
            workload.Error(null, workload.Path, present.Count == 0
                ? $"has no workload; allowed: {WorkloadKinds}"
                : $"has {present.Count} workloads ({string.Join(", ", present)}); allowed: {WorkloadKinds}");
        }

        if (workload.Object("subprocess") is { } subprocess)
        {
            result = ReadSubprocess(subprocess, context);
        }

        if (workload.Object("handler") is { } handler)
        {
            var name = handler.String("name", required: true, allowed: "a registered handler name") ?? string.Empty;
            var input = handler.Get("input") is { } inputNode ? DocJson.ToJsonElement(inputNode) : (System.Text.Json.JsonElement?)null;
            handler.Finish();
            result ??= new HandlerWorkload(name, input);
        }

        if (workload.Object("wasm") is { } wasm)
        {
            var module = wasm.String("module", required: true, allowed: "the path of a .wasm module (or a .wat text module)") ?? string.Empty;
            var wasmWorkload = new WasmWorkload(
                module,
                wasm.StringList("args"),
                ReadEnv(wasm),
                wasm.String("cwd", allowed: "a host directory path, or omit it for no file system access"),
                wasm.Int32("memoryLimitMiB", allowed: $"an integer from 1 to {WasmWorkload.MaxMemoryLimitMiB}, or omit it for the node's default"));
            wasm.Finish();
            result ??= wasmWorkload;
        }

        if (workload.Object("container") is { } container)
        {
            var image = container.String("image", required: true, allowed: "an image reference") ?? string.Empty;
            var containerWorkload = new ContainerWorkload(image, container.StringList("command"), container.StringList("args"), ReadEnv(container));
            container.Finish();
            result ??= containerWorkload;
        }

        workload.Finish();
        return result ?? placeholder;
    }

    private static SubprocessWorkload ReadSubprocess(ObjectReader subprocess, ReadContext context)
    {
        SubprocessMode mode = new CommandMode("placeholder", ValueList<string>.Empty);
        var hasCommand = subprocess.Has("command");
        var hasScript = subprocess.Has("script");
        if (hasCommand == hasScript)
        {
            subprocess.Error(null, subprocess.Path, hasCommand
                ? "has both command and script; allowed: either command (with args) or script"
                : "needs a command or a script; allowed: either command (with args) or script");
        }

        if (hasCommand)
        {
            mode = new CommandMode(subprocess.String("command", allowed: "a program name or path") ?? string.Empty, subprocess.StringList("args"));
        }
        else if (subprocess.Get("args") is { } stray)
        {
            subprocess.Error(stray, subprocess.FieldPath("args"), "args belong to a command; a script takes its arguments in script.args");
        }

        if (subprocess.Object("script") is { } script)
        {
            var runtime = ReadRuntime(script, context);
            var body = script.String("body", required: true, allowed: "standard base64 of a UTF-8 script") ?? string.Empty;
            var args = script.StringList("args");
            script.Finish();
            if (!hasCommand)
            {
                mode = new ScriptMode(runtime, body, args);
            }
        }

        var env = ReadEnv(subprocess);
        var cwd = subprocess.String("cwd", allowed: "a directory path");
        var failOnNonZero = subprocess.Boolean("failOnNonZero") ?? true;
        subprocess.Finish();
        return new SubprocessWorkload(mode, env, cwd, failOnNonZero);
    }

    private static ScriptRuntime ReadRuntime(ObjectReader script, ReadContext context)
    {
        const string allowed = "bash, python, node, or {custom: {command, flag}}";
        var node = script.Get("runtime");
        var path = script.FieldPath("runtime");
        switch (node)
        {
            case null:
                script.Missing("runtime", allowed);
                return ScriptRuntime.Bash;
            case DocScalar { Kind: ScalarKind.String, Text: var name }:
                if (ScriptRuntime.WellKnown(name ?? string.Empty) is { } known)
                {
                    return known;
                }

                script.Error(node, path, $"'{name}' is not a runtime; allowed: {allowed}");
                return ScriptRuntime.Bash;
            case DocMapping:
                var runtime = ObjectReader.Open(context, node, path)!;
                var custom = runtime.Object("custom", required: true, allowed: "{command, flag}");
                runtime.Finish();
                if (custom is null)
                {
                    return ScriptRuntime.Bash;
                }

                var command = custom.String("command", required: true, allowed: "an interpreter program") ?? string.Empty;
                var flag = custom.String("flag", required: true, allowed: "the flag that takes the script text, e.g. -e") ?? string.Empty;
                custom.Finish();
                return ScriptRuntime.Custom(command, flag);
            default:
                script.Error(node, path, $"expected a runtime name or an object, got {node.KindName}; allowed: {allowed}");
                return ScriptRuntime.Bash;
        }
    }

    private static ValueList<EnvVar> ReadEnv(ObjectReader owner) =>
        owner.List("env", (node, path) =>
        {
            var entry = ObjectReader.Open(owner.Context, node, path);
            if (entry is null)
            {
                return null;
            }

            var key = entry.String("key", required: true, allowed: "a variable name");
            var value = entry.String("value", required: true, allowed: "a string (quote numbers)");
            entry.Finish();
            return key is null || value is null ? null : new EnvVar(key, value);
        }, "a list of {key, value}");

    private static RestartPolicy ReadRestart(ObjectReader? restart)
    {
        if (restart is null)
        {
            return PolicyDefaults.Restart;
        }

        var type = restart.String("type", required: true, allowed: "never, onFailure, always");
        var interval = restart.Int64("intervalMs", allowed: "milliseconds >= 1 (only with type always)");
        restart.Finish();
        switch (type)
        {
            case "never" or "onFailure" when interval is not null:
                restart.Error(restart.Get("intervalMs"), restart.FieldPath("intervalMs"), $"intervalMs only applies to type always, not {type}; allowed: remove it, or use type always");
                return type == "never" ? RestartPolicy.Never : RestartPolicy.OnFailure;
            case "never":
                return RestartPolicy.Never;
            case "onFailure":
                return RestartPolicy.OnFailure;
            case "always":
                return new AlwaysRestart(interval);
            case null:
                return PolicyDefaults.Restart;
            default:
                restart.Error(restart.Get("type"), restart.FieldPath("type"), $"'{type}' is not a restart policy; allowed: never, onFailure, always");
                return PolicyDefaults.Restart;
        }
    }

    private static BackoffPolicy ReadBackoff(ObjectReader? backoff)
    {
        var defaults = BackoffPolicy.Default;
        if (backoff is null)
        {
            return defaults;
        }

        var policy = new BackoffPolicy(
            ReadEnum(backoff, "jitter", defaults.Jitter, JitterNames),
            backoff.Int64("firstMs", allowed: "milliseconds >= 1") ?? defaults.FirstMs,
            backoff.Int64("maxMs", allowed: "milliseconds >= firstMs") ?? defaults.MaxMs,
            backoff.Double("factor", "a finite number >= 1.0") ?? defaults.Factor);
        backoff.Finish();
        return policy;
    }

    internal static LabelSelector ReadSelector(ObjectReader selector, ReadContext context)
    {
        var matchLabels = Labels.From(selector.StringMap("matchLabels"));
        var expressions = selector.List("matchExpressions", (node, path) =>
        {
            var expression = ObjectReader.Open(context, node, path);
            if (expression is null)
            {
                return null;
            }

            var key = expression.String("key", required: true, allowed: "a label key") ?? string.Empty;
            var op = ReadEnum(expression, "operator", SelectorOperator.Exists, OperatorNames);
            if (!expression.Has("operator"))
            {
                expression.Missing("operator", "In, NotIn, Exists, DoesNotExist");
            }

            var values = expression.StringList("values");
            expression.Finish();
            return new SelectorRequirement(key, op, values);
        }, "a list of {key, operator, values}");
        selector.Finish();
        return new LabelSelector(matchLabels, expressions);
    }
}
