using System.Diagnostics;
using System.Globalization;
using TaskActors.Model.Workloads;

namespace TaskActors.Runners;

/// <summary>
/// Turns a <see cref="SubprocessWorkload"/> into a <see cref="ProcessStartInfo"/> for one attempt: program and
/// argument list, environment, working directory and redirected streams. Called by <see cref="SubprocessRunner"/>,
/// which disposes the launch (deleting a script's temporary file) after the process has exited.
/// </summary>
/// <remarks>
/// <para>
/// Command mode: <c>command args…</c>, every argument passed as one list element (no shell ever parses them). A
/// command without a slash is looked up on the node's PATH (the runtime resolves it before the child's environment
/// applies, so a PATH in the task's env does not change which program starts).
/// </para>
/// <para>
/// Script mode, built-in runtimes (bash, python, node): the decoded body is written to a temporary file with mode
/// 0600 and run as <c>bash &lt;file&gt; args…</c>, <c>python3 &lt;file&gt; args…</c>, <c>node &lt;file&gt; args…</c>.
/// A file rather than <c>-c</c>/<c>-e</c> text because Linux limits one argument to 128 KiB (MAX_ARG_STRLEN) while a
/// body may be 2 MiB, and because the script then sees its arguments as <c>$1…</c> / <c>sys.argv[1:]</c> /
/// <c>process.argv.slice(2)</c>, as if run from a file by hand.
/// </para>
/// <para>
/// Script mode, custom runtime: <c>command flag &lt;script text&gt; args…</c>, since the runtime's flag is defined
/// as the one that takes the script text (<c>ruby -e</c>, <c>perl -e</c>). Such a body is limited to 128 KiB by the
/// OS; a longer one fails to start with the OS error ("Argument list too long").
/// </para>
/// <para>
/// Environment: the node's own environment, then the merged task and runner env (<see cref="EnvVar.Merge"/>: the
/// runner wins), then <c>TASKACTORS_TASK_ID</c> and <c>TASKACTORS_ATTEMPT</c>, which nothing can override.
/// </para>
/// </remarks>
internal sealed class SubprocessLaunch : IDisposable
{
    /// <summary>The variable holding the task id.</summary>
    public const string TaskIdVariable = "TASKACTORS_TASK_ID";

    /// <summary>The variable holding the attempt number.</summary>
    public const string AttemptVariable = "TASKACTORS_ATTEMPT";

    private readonly ScriptFile? _script;

    private SubprocessLaunch(ProcessStartInfo startInfo, ScriptFile? script)
    {
        StartInfo = startInfo;
        _script = script;
    }

    /// <summary>What to start.</summary>
    public ProcessStartInfo StartInfo { get; }

    /// <summary>The program being started, for messages.</summary>
    public string Program => StartInfo.FileName;

    /// <summary>
    /// Prepares the launch, or returns why it cannot be made (bad script body, temporary file not writable, missing
    /// working directory) as <paramref name="error"/>. Never throws for a workload problem.
    /// </summary>
    public static SubprocessLaunch? Prepare(
        SubprocessWorkload workload, AttemptContext context, IReadOnlyList<EnvVar> runnerEnv, out string? error)
    {
        error = null;
        if (workload.Cwd is { } cwd && !Directory.Exists(cwd))
        {
            error = $"working directory '{cwd}' does not exist";
            return null;
        }

        ScriptFile? script = null;
        ProcessStartInfo startInfo;
        switch (workload.Mode)
        {
            case CommandMode command:
                startInfo = new ProcessStartInfo(command.Command);
                AddRange(startInfo.ArgumentList, command.Args);
                break;

            case ScriptMode scriptMode when scriptMode.Runtime.IsCustom:
                string text;
                try
                {
                    text = scriptMode.DecodeBody();
                }
                catch (FormatException e)
                {
                    error = $"invalid script body: {e.Message}";
                    return null;
                }

                startInfo = new ProcessStartInfo(scriptMode.Runtime.Command);
                startInfo.ArgumentList.Add(scriptMode.Runtime.Flag);
                startInfo.ArgumentList.Add(text);
                AddRange(startInfo.ArgumentList, scriptMode.Args);
                break;

            case ScriptMode scriptMode:
                byte[] body;
                try
                {
                    body = Convert.FromBase64String(scriptMode.Body);
                }
                catch (FormatException)
                {
                    error = "invalid script body: not valid base64";
                    return null;
                }

                if (body.Length > ScriptMode.MaxBodyBytes)
                {
                    error = $"invalid script body: {body.Length} bytes, more than the maximum {ScriptMode.MaxBodyBytes}";
                    return null;
                }

                try
                {
                    script = ScriptFile.Create(body, ExtensionOf(scriptMode.Runtime));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error = $"cannot write the script to a temporary file: {e.Message}";
                    return null;
                }

                startInfo = new ProcessStartInfo(scriptMode.Runtime.Command);
                startInfo.ArgumentList.Add(script.Path);
                AddRange(startInfo.ArgumentList, scriptMode.Args);
                break;

            default:
                error = $"unsupported subprocess mode {workload.Mode.GetType().Name}";
                return null;
        }

        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.CreateNoWindow = true;
        if (workload.Cwd is not null)
        {
            startInfo.WorkingDirectory = workload.Cwd;
        }

        // ProcessStartInfo.Environment starts as a copy of this process's environment.
        var environment = startInfo.Environment;
        foreach (var (key, value) in EnvVar.Merge(workload.Env, runnerEnv))
        {
            environment[key] = value;
        }

        environment[TaskIdVariable] = context.TaskId.Value;
        environment[AttemptVariable] = context.Attempt.ToString(CultureInfo.InvariantCulture);
        return new SubprocessLaunch(startInfo, script);
    }

    /// <summary>Deletes the script's temporary file, if any.</summary>
    public void Dispose() => _script?.Dispose();

    private static void AddRange(System.Collections.ObjectModel.Collection<string> target, IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            target.Add(item);
        }
    }

    private static string ExtensionOf(ScriptRuntime runtime) => runtime.Name switch
    {
        "bash" => ".sh",
        "python" => ".py",
        "node" => ".js",
        _ => string.Empty,
    };
}
