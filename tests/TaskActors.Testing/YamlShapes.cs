namespace TaskActors.Testing;

/// <summary>
/// Strings that YAML writers and readers are known to disagree on: indicator characters at either end (with and
/// without a following space), white space at the ends, line breaks of every kind, and text that a plain scalar would
/// read as a number, boolean, null, timestamp or document marker. The YAML round-trip specs write each of them in
/// every style and context, and the spec generators draw them often.
/// </summary>
public static class YamlShapes
{
    /// <summary>The characters with a meaning in YAML syntax somewhere.</summary>
    public static IReadOnlyList<string> Indicators { get; } =
        [":", "-", "?", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", ",", "[", "]", "{", "}"];

    /// <summary>Every shape, each once.</summary>
    public static IReadOnlyList<string> All { get; } = Build();

    private static string[] Build()
    {
        var shapes = new List<string>();
        foreach (var i in Indicators)
        {
            shapes.AddRange([i, i + i, i + "a", i + " a", i + "\ta", "a" + i, "a" + i + " ", "a" + i + "b", "a " + i + "b", "a " + i + " b", "a" + i + " b", "a" + i + "\tb"]);
        }

        shapes.AddRange(
        [
            // white space at the ends, inside, and alone
            "", " ", "  ", "\t", " \t", "  a", "a ", " a ", "\ta", "a\t", "\t a", "a \t", "a\tb", "a  b",
            // line breaks of every kind, alone, at the ends and inside
            "\n", "\n\n", "\r", "\r\n", "a\n", "a\n\n", "\na", "\n\na", "a\nb", "a\n\nb", "a\n b", "a \nb", "a\n\tb", "\t\n", "a\t\nb", " \t\n", "\n\t", "a\n\t", "\t\n\t", " \n ", "\n a", "a\n ", "a\n\n\n", "\n\n\n", " =a\n\n\n", "\n\n\na", "a\n\n\nb", "  \n\n\n\na:b", " \na", "a\n  \nb", "  \n", "a\n  ", " a\nb", "a \n b",
            "a\r\nb", "a\rb", "a\u0085b", "a\u2028b", "a\u2029b",
            // invisible and control characters
            "\uFEFFa", "a\uFEFF", "a\u00A0", "\u00A0a", "a\u0007", "\u001B[0m", "a\u0001b", "a\u007Fb",
            // plain text that reads as another kind
            "true", "True", "TRUE", "false", "False", "null", "Null", "NULL", "~", "yes", "no", "on", "off", "y", "n",
            "0", "007", "-1", "+1", ".5", "1.", "1e3", "1E-3", "1_000", "0x1F", "0o17", "0b1", ".inf", "-.inf", "+.inf", ".nan", ".NaN",
            "2026-12-02", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "12:30:00", "1:20", "190:20:30",
            // document markers, directives, keys and comments
            "---", "...", "--- a", "... a", "a\n---", "a\n...\nb", "<<", "=", "!!str", "!", "%TAG", "%YAML 1.2", "a: b", "a:b", "a #b", "a\t#b", "a #", "- a", " - a", "? a", "a *b", "a &b", "a *b c", "*a b", ":#a", ": #a", "a :#b",
            // escapes and structure-looking text
            "\\", "\\n", "\\\"", "${HOME}", "{}", "[]", "{a: b}", "[a, b]", "'a'", "\"a\"", "a'b", "a\"b",
            // long text, which emitters fold onto several lines
            string.Join(' ', Enumerable.Repeat("word", 40)), new string('x', 200), string.Join(' ', Enumerable.Repeat("a:", 50)), string.Join("  ", Enumerable.Repeat("ab", 50)),
            string.Join(' ', Enumerable.Repeat("word", 30)) + "\n" + string.Join(' ', Enumerable.Repeat("more", 30)),
            // text outside ASCII
            "é", "日本語", "e\u0301", "Ω", "😀",
        ]);
        return [.. shapes.Distinct(StringComparer.Ordinal)];
    }
}
