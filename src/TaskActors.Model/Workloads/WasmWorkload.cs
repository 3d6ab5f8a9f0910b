using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// A WASI module. Recognised and validated by the model; until a node has a wasm runner, submitting one is a
/// <c>NoRunner</c> rejection. JSON: <c>{"wasm":{"module":"job.wasm","args":[],"env":[]}}</c>.
/// </summary>
/// <param name="Module">Path of the module file.</param>
/// <param name="Args">Arguments to the module.</param>
/// <param name="Env">Environment of the module.</param>
public sealed record WasmWorkload(string Module, ValueList<string> Args, ValueList<EnvVar> Env) : Workload
{
    /// <inheritdoc />
    public override string Kind => "wasm";

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Module))
        {
            yield return new FieldError($"{path}.wasm.module", "must not be empty", "the path of a .wasm module");
        }

        foreach (var error in EnvVar.Validate(Env, $"{path}.wasm.env"))
        {
            yield return error;
        }
    }
}
