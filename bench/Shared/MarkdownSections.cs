using System.Text.RegularExpressions;

namespace TaskActors.Bench.Shared;

/// <summary>
/// Named sections of a generated markdown file that another benchmark owns: each sits between
/// <c>&lt;!-- section: NAME --&gt;</c> and <c>&lt;!-- /section: NAME --&gt;</c>. A benchmark writes its own section
/// (<see cref="Write"/>); a generator that rewrites the whole file carries the others over (<see cref="CarryOver"/>), so
/// <c>docs/benchmarks.md</c> holds the comparison and the HTTP measurements without either erasing the other.
/// </summary>
public static partial class MarkdownSections
{
    /// <summary>Replaces (or appends) section <paramref name="name"/> of <paramref name="path"/> with <paramref name="content"/>.</summary>
    public static void Write(string path, string name, string content)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var block = $"<!-- section: {name} -->\n{content.TrimEnd()}\n<!-- /section: {name} -->";
        var existing = Sections().Matches(text).FirstOrDefault(m => m.Groups["name"].Value == name);
        text = existing is null ? text.TrimEnd() + "\n\n" + block + "\n" : text[..existing.Index] + block + text[(existing.Index + existing.Length)..];
        File.WriteAllText(path, text);
    }

    /// <summary>The sections of <paramref name="previous"/> that <paramref name="generated"/> lacks, appended to it.</summary>
    public static string CarryOver(string previous, string generated)
    {
        var own = Sections().Matches(generated).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var kept = Sections().Matches(previous).Where(m => !own.Contains(m.Groups["name"].Value)).Select(m => m.Value).ToList();
        return kept.Count == 0 ? generated : generated.TrimEnd() + "\n\n" + string.Join("\n\n", kept) + "\n";
    }

    [GeneratedRegex(@"<!-- section: (?<name>[\w-]+) -->.*?<!-- /section: \k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Sections();
}
