using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// Runs an OS process. Exit code 0 is Succeeded; non-zero is Failed with the code (unless
/// <see cref="FailOnNonZero"/> is false); killed by a signal is Failed naming the signal; a program that cannot
/// start is Failed with the OS error. The process gets <c>TASKACTORS_TASK_ID</c> and <c>TASKACTORS_ATTEMPT</c>.
/// </summary>
/// <param name="Mode">Command or script.</param>
/// <param name="Env">Extra environment; later entries win, and the runner's environment wins over it.</param>
/// <param name="Cwd">Working directory; null = the runner's.</param>
/// <param name="FailOnNonZero">Whether a non-zero exit code fails the attempt (default true).</param>
public sealed record SubprocessWorkload(SubprocessMode Mode, ValueList<EnvVar> Env, string? Cwd, bool FailOnNonZero = true) : Workload
{
    /// <summary>A command workload with default env, cwd and exit-code handling.</summary>
    public static SubprocessWorkload Command(string command, params string[] args) =>
        new(new CommandMode(command, ValueList<string>.From(args)), ValueList<EnvVar>.Empty, null);

    /// <summary>A script workload from plain text (encoded to base64 for you).</summary>
    public static SubprocessWorkload Script(ScriptRuntime runtime, string script, params string[] args) =>
        new(ScriptMode.FromText(runtime, script, args), ValueList<EnvVar>.Empty, null);

    /// <inheritdoc />
    public override string Kind => "subprocess";

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        var own = $"{path}.subprocess";
        foreach (var error in Mode.Validate(own))
        {
            yield return error;
        }

        foreach (var error in EnvVar.Validate(Env, $"{own}.env"))
        {
            yield return error;
        }

        if (Cwd is not null && (Cwd.Length == 0 || Cwd.Contains('\0', StringComparison.Ordinal)))
        {
            yield return new FieldError($"{own}.cwd", "must be a non-empty path without NUL", "a directory path, or omit it");
        }
    }
}
