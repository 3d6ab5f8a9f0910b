using System.Text.RegularExpressions;
using Wasmtime;

namespace TaskActors.Runners;

/// <summary>
/// Turns Wasmtime's multi-line error reports into the one-line errors recorded in a run, for the
/// <see cref="WasmRunner"/> and the <see cref="WasmModuleCache"/>.
/// </summary>
/// <remarks>
/// Wasmtime reports <c>headline</c>, an optional wasm backtrace, then <c>Caused by:</c> and a numbered chain of
/// causes. A compile error keeps its headline and causes (<c>WebAssembly module 'x' is not valid: failed to parse
/// WebAssembly module: magic header not detected ...</c>); a trap is its cause and the innermost frame
/// (<c>wasm trap: wasm `unreachable` instruction executed (in wasm function 0 at offset 0x30)</c>), since the headline
/// (<c>error while executing at wasm backtrace</c>) says nothing.
/// </remarks>
internal static partial class WasmErrors
{
    private const int MaxLength = 1000;

    /// <summary>The headline and the causes of <paramref name="exception"/>, on one line.</summary>
    public static string Describe(WasmtimeException exception)
    {
        var (headline, causes) = Split(exception.Message);
        var text = causes.Length == 0 ? headline : $"{headline}: {causes}";
        return Shorten(text);
    }

    /// <summary>What a guest's failure was (a trap's cause, or an error's causes), with its innermost wasm frame.</summary>
    public static string DescribeExecution(WasmtimeException exception)
    {
        var (headline, causes) = Split(exception.Message);
        var what = causes.Length > 0 ? causes : headline;
        var frame = FirstFrame().Match(exception.Message);
        var at = frame.Success ? $" (in {Function(frame.Groups["name"].Value)} at offset {frame.Groups["offset"].Value})" : string.Empty;
        return Shorten(what + at);
    }

    private static (string Headline, string Causes) Split(string message)
    {
        var causedBy = message.IndexOf("Caused by:", StringComparison.Ordinal);
        var head = causedBy < 0 ? message : message[..causedBy];
        var backtrace = head.IndexOf(" at wasm backtrace:", StringComparison.Ordinal);
        if (backtrace < 0)
        {
            backtrace = head.IndexOf("wasm backtrace:", StringComparison.Ordinal);
        }

        var headline = OneLine(backtrace < 0 ? head : head[..backtrace]);
        if (causedBy < 0)
        {
            return (headline, string.Empty);
        }

        // Numbered causes ("0: translation error", "1: type mismatch") become "translation error: type mismatch".
        var causes = CauseNumber().Replace(message[(causedBy + "Caused by:".Length)..], ": ");
        return (headline, OneLine(causes).TrimStart(':', ' '));
    }

    /// <summary><c>&lt;unknown&gt;!&lt;wasm function 3&gt;</c> → <c>wasm function 3</c>; <c>&lt;unknown&gt;!fail</c> → <c>function fail</c> (from the name section).</summary>
    private static string Function(string frame)
    {
        var bang = frame.IndexOf('!', StringComparison.Ordinal);
        var name = bang < 0 ? frame : frame[(bang + 1)..];
        return name.StartsWith('<') ? name.Trim('<', '>') : "function " + name;
    }

    private static string OneLine(string text) => WhiteSpace().Replace(text, " ").Trim().TrimEnd(':').Trim();

    private static string Shorten(string text) => text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"(?m)\s*^[ \t]*\d+:[ \t]+")]
    private static partial Regex CauseNumber();

    [GeneratedRegex(@"(?m)^\s*0:\s+(?<offset>0x[0-9a-fA-F]+)\s+-\s+(?<name>.+?)\s*$")]
    private static partial Regex FirstFrame();
}
