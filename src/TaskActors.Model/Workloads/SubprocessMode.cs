using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>How a subprocess is started: a command with arguments, or a script body run by an interpreter.</summary>
public abstract record SubprocessMode
{
    private protected SubprocessMode()
    {
    }

    /// <summary>Checks the mode's rules, with paths under <paramref name="path"/> (<c>spec.workload.subprocess</c>).</summary>
    public abstract IEnumerable<FieldError> Validate(string path);
}

/// <summary>
/// Run <see cref="Command"/> directly with <see cref="Args"/> as a list (never through a shell).
/// JSON: <c>{"command":"dotnet","args":["report.dll"]}</c> inside <c>subprocess</c>.
/// </summary>
/// <param name="Command">The program: a path, or a name looked up on PATH.</param>
/// <param name="Args">The arguments, passed one by one.</param>
public sealed record CommandMode(string Command, ValueList<string> Args) : SubprocessMode
{
    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Command))
        {
            yield return new FieldError($"{path}.command", "must not be empty", "a program name or path");
        }

        for (var i = 0; i < Args.Count; i++)
        {
            if (Args[i].Contains('\0', StringComparison.Ordinal))
            {
                yield return new FieldError($"{path}.args[{i}]", "contains a NUL character", "any text without NUL");
            }
        }
    }
}

/// <summary>
/// Run a script: the base64 <see cref="Body"/> is decoded (at most 2 MiB) and run by <see cref="Runtime"/>.
/// JSON: <c>{"script":{"runtime":"bash","body":"ZWNobyBoaQ==","args":[]}}</c> inside <c>subprocess</c>.
/// </summary>
/// <param name="Runtime">The interpreter.</param>
/// <param name="Body">The script, standard base64 of UTF-8 text.</param>
/// <param name="Args">Arguments after the script.</param>
public sealed record ScriptMode(ScriptRuntime Runtime, string Body, ValueList<string> Args) : SubprocessMode
{
    /// <summary>The largest decoded script body, in bytes (2 MiB).</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>Decodes the body; throws <see cref="FormatException"/> if it is not valid base64 of UTF-8.</summary>
    public string DecodeBody()
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(Body));
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new FormatException("the script body does not decode to UTF-8 text", e);
        }
    }

    /// <summary>Creates a script mode from plain script text (encodes it).</summary>
    public static ScriptMode FromText(ScriptRuntime runtime, string script, params string[] args) =>
        new(runtime, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(script)), ValueList<string>.From(args));

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        foreach (var error in Runtime.Validate($"{path}.script.runtime"))
        {
            yield return error;
        }

        var bodyPath = $"{path}.script.body";
        if (string.IsNullOrEmpty(Body))
        {
            yield return new FieldError(bodyPath, "must not be empty", "standard base64 of a UTF-8 script, at most 2 MiB decoded");
        }
        else if (BodyProblem() is { } problem)
        {
            yield return new FieldError(bodyPath, problem, "standard base64 of a UTF-8 script, at most 2 MiB decoded");
        }
    }

    private string? BodyProblem()
    {
        // Check the decoded size before decoding, so an oversized body costs no allocation.
        // Base64 ignores white space (line-wrapped bodies are fine), so only the other characters count.
        var maxDecoded = (long)Body.Count(c => !char.IsWhiteSpace(c)) / 4 * 3;
        if (maxDecoded > MaxBodyBytes + 2)
        {
            return $"decodes to about {maxDecoded} bytes, more than the maximum {MaxBodyBytes}";
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Body);
        }
        catch (FormatException)
        {
            return "is not valid base64";
        }

        if (bytes.Length == 0)
        {
            return "decodes to an empty script";
        }

        if (bytes.Length > MaxBodyBytes)
        {
            return $"decodes to {bytes.Length} bytes, more than the maximum {MaxBodyBytes}";
        }

        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return "does not decode to UTF-8 text";
        }

        return null;
    }
}
