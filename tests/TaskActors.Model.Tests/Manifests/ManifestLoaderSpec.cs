using TaskActors.Model.Manifests;
using TaskActors.Model.Policies;
using TaskActors.Model.Resources;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Manifests;

public sealed class ManifestLoaderSpec
{
    [Fact]
    public void A_minimal_yaml_manifest_gets_the_documented_defaults()
    {
        var result = ManifestLoader.Load("""
            spec:
              slot: reports
              workload:
                subprocess:
                  command: echo
                  args: [hello]
            """, "tasks.yaml");

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var spec = Assert.Single(result.Tasks).Spec;
        Assert.Equal("reports", spec.Slot.Value);
        Assert.Equal(SubprocessWorkload.Command("echo", "hello"), spec.Workload);
        Assert.Equal(PolicyDefaults.TimeoutMs, spec.TimeoutMs);
        Assert.Equal(RestartPolicy.Never, spec.Restart);
        Assert.Equal(BackoffPolicy.Default, spec.Backoff);
        Assert.Null(spec.MaxRetries);
        Assert.Equal(AdmissionPolicy.DropIfRunning, spec.Admission);
        Assert.Null(Assert.Single(result.Tasks).Id);
    }

    [Fact]
    public void Stop_grace_period_and_interruption_policy_are_read_and_their_mistakes_placed()
    {
        var good = ManifestLoader.Load("""
            spec:
              slot: reports
              workload: {subprocess: {command: echo}}
              stopGracePeriodMs: 30000
              onInterruption: fail
            """, "tasks.yaml");
        var bad = ManifestLoader.Load("""
            spec:
              slot: reports
              workload: {subprocess: {command: echo}}
              stopGracePeriodMs: -5
              onInterruption: ignore
            """, "tasks.yaml");

        Assert.True(good.IsSuccess, string.Join("\n", good.Errors));
        var spec = Assert.Single(good.Tasks).Spec;
        Assert.Equal((30_000L, InterruptionPolicy.Fail), (spec.StopGracePeriodMs, spec.OnInterruption));
        Assert.All(
            bad.Errors.Select(e => e.ToString()).Zip(["tasks.yaml:4:22: spec.stopGracePeriodMs: must be between 0 and 3600000 (one hour), got -5 (allowed: 0 to 3600000 milliseconds (0 = SIGKILL at once), or omit it for 5000)",
             "tasks.yaml:5:19: spec.onInterruption: 'ignore' is not one of the allowed values; allowed: retry, fail"]),
            pair => Assert.Equal(pair.Item2, pair.Item1));
        Assert.Equal(2, bad.Errors.Count);
    }

    [Fact]
    public void A_full_yaml_manifest_reads_every_field()
    {
        var result = ManifestLoader.Load("""
            apiVersion: taskactors/v1
            kind: Task
            metadata:
              id: nightly-report
            spec:
              slot: reports
              workload:
                subprocess:
                  script:
                    runtime: {custom: {command: ruby, flag: -e}}
                    body: cHV0cyAx
                    args: [a]
                  env:
                    - {key: A, value: "1"}
                  cwd: /tmp
                  failOnNonZero: false
              timeoutMs: 30000
              restart: {type: always, intervalMs: 60000}
              backoff: {jitter: equal, firstMs: 500, maxMs: 5000, factor: 1.5}
              maxRetries: 5
              admission: queue
              runnerSelector:
                matchLabels: {os: linux}
                matchExpressions:
                  - {key: zone, operator: NotIn, values: [eu-1]}
              labels: {team: finance}
            """);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var task = Assert.Single(result.Tasks);
        Assert.Equal("nightly-report", task.Id?.Value);
        var spec = task.Spec;
        var subprocess = Assert.IsType<SubprocessWorkload>(spec.Workload);
        var script = Assert.IsType<ScriptMode>(subprocess.Mode);
        Assert.Equal(ScriptRuntime.Custom("ruby", "-e"), script.Runtime);
        Assert.Equal("puts 1", script.DecodeBody());
        Assert.Equal(new EnvVar("A", "1"), Assert.Single(subprocess.Env));
        Assert.Equal("/tmp", subprocess.Cwd);
        Assert.False(subprocess.FailOnNonZero);
        Assert.Equal(RestartPolicy.Periodic(60000), spec.Restart);
        Assert.Equal(new BackoffPolicy(JitterPolicy.Equal, 500, 5000, 1.5), spec.Backoff);
        Assert.Equal(5, spec.MaxRetries);
        Assert.Equal(AdmissionPolicy.Queue, spec.Admission);
        Assert.True(spec.RunnerSelector!.Matches(new Dictionary<string, string> { ["os"] = "linux", ["zone"] = "us-1" }));
        Assert.Equal("finance", spec.Labels["team"]);
    }

    [Fact]
    [Trait("Invariant", "10")]
    public void Five_mistakes_in_a_yaml_manifest_give_five_errors_with_paths_lines_and_columns()
    {
        var result = ManifestLoader.Load("""
            spec:
              slot: "bad/slot"
              workload:
                subprocess:
                  command: ""
              timeoutMs: 0
              backoff: {firstMs: 1000, maxMs: 10}
              admission: sometimes
            """, "tasks.yaml");

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Tasks);
        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(
            ["spec.slot", "spec.workload.subprocess.command", "spec.timeoutMs", "spec.backoff.maxMs", "spec.admission"],
            result.Errors.Select(e => e.Path));
        Assert.Equal([2, 5, 6, 7, 8], result.Errors.Select(e => e.Position!.Value.Line));
        Assert.All(result.Errors, e => Assert.Equal("tasks.yaml", e.SourceName));
        Assert.Equal("tasks.yaml:6:14: spec.timeoutMs: must be greater than zero, got 0 (allowed: an integer number of milliseconds >= 1)", result.Errors[2].ToString());
    }

    [Fact]
    public void Unknown_fields_and_wrong_types_are_rejected_with_their_paths()
    {
        var result = ManifestLoader.Load("""
            {
              "spec": {
                "slot": "a",
                "workload": { "handler": { "name": "echo", "inptu": {} } },
                "timeoutMs": "30s",
                "maxRetries": true,
                "labels": { "team": 7 },
                "colour": "blue"
              }
            }
            """, "task.json");

        Assert.Equal(
            ["spec.workload.handler.inptu", "spec.timeoutMs", "spec.maxRetries", "spec.labels.team", "spec.colour"],
            result.Errors.Select(e => e.Path));
        Assert.Contains("unknown field 'inptu'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("allowed here: input, name", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected an integer, got the string '30s'", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("write it in quotes", result.Errors[3].Message, StringComparison.Ordinal);
        Assert.Equal(4, result.Errors[0].Position!.Value.Line);
        Assert.Equal(8, result.Errors[4].Position!.Value.Line);
        Assert.Equal(5, result.Errors[4].Position!.Value.Column);
    }

    [Fact]
    [Trait("Invariant", "10")]
    public void Several_documents_are_read_in_order_and_an_error_in_one_loads_none()
    {
        const string good = """
            spec: {slot: a, workload: {handler: {name: echo}}}
            ---
            metadata: {id: second}
            spec: {slot: b, workload: {handler: {name: echo, input: {n: 1}}}}
            """;
        var ok = ManifestLoader.Load(good);
        Assert.Equal(["a", "b"], ok.Tasks.Select(t => t.Spec.Slot.Value));

        var bad = ManifestLoader.Load(good + "\n---\nspec: {slot: c}\n");
        Assert.Empty(bad.Tasks);
        var error = Assert.Single(bad.Errors);
        Assert.Equal("[2].spec.workload", error.Path);
        Assert.Equal(6, error.Position!.Value.Line);
    }

    [Fact]
    public void A_json_array_holds_several_tasks()
    {
        var result = ManifestLoader.Load("""[{"spec":{"slot":"a","workload":{"handler":{"name":"x"}}}},{"spec":{"slot":"b","workload":{"handler":{"name":"y"}}}}]""");
        Assert.Equal(2, result.Tasks.Count);
    }

    [Fact]
    public void A_workload_needs_exactly_one_kind_and_a_subprocess_exactly_one_mode()
    {
        var none = ManifestLoader.Load("spec: {slot: a, workload: {}}");
        Assert.Contains(none.Errors, e => e.Path == "spec.workload" && e.Message.Contains("has no workload", StringComparison.Ordinal));

        var two = ManifestLoader.Load("spec: {slot: a, workload: {handler: {name: x}, wasm: {module: m.wasm}}}");
        Assert.Contains(two.Errors, e => e.Path == "spec.workload" && e.Message.Contains("has 2 workloads", StringComparison.Ordinal));

        var both = ManifestLoader.Load("spec: {slot: a, workload: {subprocess: {command: x, script: {runtime: bash, body: eA==}}}}");
        Assert.Contains(both.Errors, e => e.Path == "spec.workload.subprocess" && e.Message.Contains("both command and script", StringComparison.Ordinal));

        var neither = ManifestLoader.Load("spec: {slot: a, workload: {subprocess: {env: []}}}");
        Assert.Contains(neither.Errors, e => e.Path == "spec.workload.subprocess" && e.Message.Contains("needs a command or a script", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wasm_workload_reads_its_cwd_and_memory_limit_and_both_are_optional()
    {
        var full = ManifestLoader.Load("""
            spec:
              slot: wasm
              workload:
                wasm: {module: jobs/report.wat, args: [--month, "11"], env: [{key: LEVEL, value: info}], cwd: /srv/reports, memoryLimitMiB: 64}
            """);
        var minimal = ManifestLoader.Load("spec: {slot: wasm, workload: {wasm: {module: job.wasm}}}");

        var wasm = Assert.IsType<WasmWorkload>(Assert.Single(full.Tasks).Spec.Workload);
        Assert.Equal("jobs/report.wat", wasm.Module);
        Assert.Equal(["--month", "11"], wasm.Args);
        Assert.Equal([new EnvVar("LEVEL", "info")], wasm.Env);
        Assert.Equal("/srv/reports", wasm.Cwd);
        Assert.Equal(64, wasm.MemoryLimitMiB);
        var old = Assert.IsType<WasmWorkload>(Assert.Single(minimal.Tasks).Spec.Workload);
        Assert.Null(old.Cwd);
        Assert.Null(old.MemoryLimitMiB);
    }

    [Fact]
    public void Wasm_field_mistakes_are_reported_with_their_paths_and_lines()
    {
        var result = ManifestLoader.Load("""
            spec:
              slot: wasm
              workload:
                wasm:
                  module: job.wasm
                  memoryLimitMiB: 0
                  cwd: ""
                  preopen: /tmp
            """, "tasks.yaml");

        Assert.False(result.IsSuccess);
        Assert.Equal(
            ["spec.workload.wasm.cwd", "spec.workload.wasm.memoryLimitMiB", "spec.workload.wasm.preopen"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        var memory = Assert.Single(result.Errors, e => e.Path == "spec.workload.wasm.memoryLimitMiB");
        Assert.Equal(6, memory.Position!.Value.Line);
        Assert.Contains("an integer from 1 to 65536", memory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_interval_is_only_allowed_with_always()
    {
        var result = ManifestLoader.Load("spec: {slot: a, workload: {handler: {name: x}}, restart: {type: onFailure, intervalMs: 5}}");
        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.restart.intervalMs", error.Path);
    }

    [Fact]
    public void Wrong_api_version_kind_and_phase_names_are_rejected()
    {
        var result = ManifestLoader.Load("""
            apiVersion: v2
            kind: Job
            spec: {slot: a, workload: {handler: {name: x}}}
            status: {phase: sleeping}
            """);
        Assert.Equal(["apiVersion", "kind", "status.phase"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Syntax_errors_are_reported_with_their_position()
    {
        var result = ManifestLoader.Load("spec:\n  slot: [unclosed\n", "broken.yaml");
        var error = Assert.Single(result.Errors);
        Assert.NotNull(error.Position);
        Assert.Equal("broken.yaml", error.SourceName);
    }

    [Fact]
    public void An_invalid_metadata_id_is_reported_under_metadata()
    {
        var result = ManifestLoader.Load("metadata: {id: '..'}\nspec: {slot: a, workload: {handler: {name: x}}}");
        var error = Assert.Single(result.Errors);
        Assert.Equal("metadata.id", error.Path);
        Assert.Equal(1, error.Position!.Value.Line);
    }

    [Fact]
    public void Status_fields_of_a_full_resource_are_read()
    {
        var result = ManifestLoader.Load("""
            metadata: {id: t1, resourceVersion: 4, createdAt: "2026-11-28T07:00:00Z", updatedAt: "2026-11-28T07:00:05.5Z"}
            spec: {slot: a, workload: {handler: {name: x}}}
            status: {phase: failed, attempt: 2, exitCode: 3, error: boom, nextAttemptAt: "2026-11-28T07:00:09Z"}
            """);
        var resource = Assert.Single(result.Tasks).ToResource()!;
        Assert.Equal(4, resource.Metadata.ResourceVersion);
        Assert.Equal(TaskPhase.Failed, resource.Phase);
        Assert.Equal(3, resource.Status.ExitCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 7, 0, 9, TimeSpan.Zero), resource.Status.NextAttemptAt);
    }
}
