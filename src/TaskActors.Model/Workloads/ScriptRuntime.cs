using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// The interpreter of a script: <c>"bash"</c> (<c>bash -c</c>), <c>"python"</c> (<c>python3 -c</c>),
/// <c>"node"</c> (<c>node -e</c>), or <c>{"custom":{"command":"ruby","flag":"-e"}}</c>.
/// </summary>
/// <param name="Name">bash, python, node or custom.</param>
/// <param name="Command">The interpreter program.</param>
/// <param name="Flag">The flag that takes the script text.</param>
public sealed record ScriptRuntime(string Name, string Command, string Flag)
{
    /// <summary><c>bash -c</c>.</summary>
    public static ScriptRuntime Bash { get; } = new("bash", "bash", "-c");

    /// <summary><c>python3 -c</c>.</summary>
    public static ScriptRuntime Python { get; } = new("python", "python3", "-c");

    /// <summary><c>node -e</c>.</summary>
    public static ScriptRuntime Node { get; } = new("node", "node", "-e");

    /// <summary>The names of the built-in runtimes.</summary>
    public static IReadOnlyList<string> WellKnownNames { get; } = ["bash", "python", "node"];

    /// <summary>A custom interpreter, e.g. <c>Custom("ruby", "-e")</c>.</summary>
    public static ScriptRuntime Custom(string command, string flag) => new("custom", command, flag);

    /// <summary>True for a custom interpreter (serialized as an object).</summary>
    public bool IsCustom => Name == "custom";

    /// <summary>Returns the built-in runtime called <paramref name="name"/>, or null.</summary>
    public static ScriptRuntime? WellKnown(string name) => name switch
    {
        "bash" => Bash,
        "python" => Python,
        "node" => Node,
        _ => null,
    };

    /// <summary>Checks a custom runtime's command and flag.</summary>
    public IEnumerable<FieldError> Validate(string path)
    {
        if (!IsCustom)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Command))
        {
            yield return new FieldError($"{path}.custom.command", "must not be empty", "an interpreter program name or path");
        }

        if (string.IsNullOrWhiteSpace(Flag))
        {
            yield return new FieldError($"{path}.custom.flag", "must not be empty", "the flag that takes the script text, e.g. -e");
        }
    }
}
