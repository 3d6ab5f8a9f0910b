using System.Globalization;
using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// A WASI (preview 1) command module, run in process by a node's wasm runner (Wasmtime): its <c>_start</c> is called
/// with <see cref="Args"/> and <see cref="Env"/>, stdout and stderr are captured, and the exit code comes from
/// <c>proc_exit</c>. The guest sees nothing of the host file system unless <see cref="Cwd"/> is given. JSON:
/// <c>{"wasm":{"module":"job.wasm","args":[],"env":[],"cwd":"/srv/job","memoryLimitMiB":64}}</c>.
/// </summary>
/// <param name="Module">
/// The module file: a binary <c>.wasm</c>, or WebAssembly text when the name ends in <c>.wat</c>. A relative path is
/// resolved against the node's modules directory (<c>task-actors.wasm.modules-directory</c>).
/// </param>
/// <param name="Args">Arguments to the module (after <c>argv[0]</c>, which is the module's file name).</param>
/// <param name="Env">Environment of the module; the host's own environment is not passed.</param>
/// <param name="Cwd">
/// A host directory preopened read-write as the guest's working directory <c>.</c>; null (the default) = no file
/// system access at all. Optional, so specs stored before it existed read as null.
/// </param>
/// <param name="MemoryLimitMiB">
/// How large the module instance's linear memory may grow, in MiB; null = the node's default
/// (<c>task-actors.wasm.default-memory-limit</c>). Optional like <paramref name="Cwd"/>.
/// </param>
public sealed record WasmWorkload(
    string Module,
    ValueList<string> Args,
    ValueList<EnvVar> Env,
    string? Cwd = null,
    int? MemoryLimitMiB = null) : Workload
{
    /// <summary>The largest <see cref="MemoryLimitMiB"/> a spec may ask for: 65536 MiB (64 GiB).</summary>
    public const int MaxMemoryLimitMiB = 65_536;

    private const string ModuleAllowed = "the path of a .wasm module (or a .wat text module)";

    /// <inheritdoc />
    public override string Kind => "wasm";

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Module))
        {
            yield return new FieldError($"{path}.wasm.module", "must not be empty", ModuleAllowed);
        }
        else if (Module.Contains('\0', StringComparison.Ordinal))
        {
            yield return new FieldError($"{path}.wasm.module", "contains a NUL character", ModuleAllowed);
        }

        foreach (var error in EnvVar.Validate(Env, $"{path}.wasm.env"))
        {
            yield return error;
        }

        if (Cwd is not null && (string.IsNullOrWhiteSpace(Cwd) || Cwd.Contains('\0', StringComparison.Ordinal)))
        {
            yield return new FieldError($"{path}.wasm.cwd", $"'{Cwd}' is not a directory path", "a host directory path, or omit it for no file system access");
        }

        if (MemoryLimitMiB is { } limit and (< 1 or > MaxMemoryLimitMiB))
        {
            yield return new FieldError(
                $"{path}.wasm.memoryLimitMiB",
                $"{limit.ToString(CultureInfo.InvariantCulture)} is out of range",
                $"an integer from 1 to {MaxMemoryLimitMiB.ToString(CultureInfo.InvariantCulture)}, or omit it for the node's default");
        }
    }
}
