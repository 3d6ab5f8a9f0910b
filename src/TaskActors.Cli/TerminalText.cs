using System.Globalization;
using System.Text;

namespace TaskActors.Cli;

/// <summary>
/// Makes text that came from tasks, manifests or stores safe to print on a terminal: every control character — C0
/// (ESC starts CSI/OSC sequences that move the cursor, retitle the window or write links), DEL and C1 (0x80-0x9F, CSI
/// and OSC on their own) — becomes a visible escape such as <c>\x1b</c> or <c>\u009b</c>. Used by every table, change
/// line and message the command prints; JSON and YAML output stay exact (their encoders escape control characters).
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with its control characters shown as escapes; null stays null.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = IndexOfControl(text);
        if (first < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsControl(c))
            {
                clean.Append(c);
            }
            else if (c < 0x80)
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return clean.ToString();
    }

    /// <summary>Writes <paramref name="line"/>, cleaned, to standard error.</summary>
    public static void Error(string line) => Console.Error.WriteLine(Clean(line));

    /// <summary>Writes <paramref name="line"/>, cleaned, to standard error.</summary>
    public static Task ErrorAsync(string line) => Console.Error.WriteLineAsync(Clean(line));

    /// <summary>
    /// Writes a message of several lines (the command line parser's, for one) to standard error: each line cleaned on its
    /// own, tabs as two spaces, so the line breaks stay line breaks instead of showing as <c>\x0a</c>.
    /// </summary>
    public static async Task ErrorLinesAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            await ErrorAsync(line.Replace("\t", "  ", StringComparison.Ordinal)).ConfigureAwait(false);
        }
    }

    private static int IndexOfControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsControl(char c) => c < 0x20 || c is >= '\u007f' and <= '\u009f';
}
