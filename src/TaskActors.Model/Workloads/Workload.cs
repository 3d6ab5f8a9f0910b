using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// What an attempt runs. Serialized externally tagged: <c>{"subprocess":{...}}</c>, <c>{"handler":{...}}</c>,
/// <c>{"wasm":{...}}</c>, <c>{"container":{...}}</c>. A runner on some node executes it (see the runtime).
/// </summary>
public abstract record Workload
{
    private protected Workload()
    {
    }

    /// <summary>The tag of this kind in JSON (<c>subprocess</c>, <c>handler</c>, <c>wasm</c>, <c>container</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Checks the workload's own rules, with paths under <paramref name="path"/> (<c>spec.workload</c>).</summary>
    public abstract IEnumerable<FieldError> Validate(string path);
}
