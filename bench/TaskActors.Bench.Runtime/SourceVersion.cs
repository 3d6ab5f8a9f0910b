namespace TaskActors.Bench.Runtime;

/// <summary>The commit the checkout is on, read from .git without running git (uncommitted changes are not visible here).</summary>
public static class SourceVersion
{
    public static string Describe()
    {
        try
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                var git = Path.Combine(dir.FullName, ".git");
                if (!Directory.Exists(git))
                    continue;
                var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
                if (!head.StartsWith("ref: ", StringComparison.Ordinal))
                    return head[..Math.Min(12, head.Length)];
                var reference = head[5..];
                var loose = Path.Combine(git, reference);
                if (File.Exists(loose))
                    return $"{reference.Split('/')[^1]} @ {File.ReadAllText(loose).Trim()[..12]}";
                var packed = Path.Combine(git, "packed-refs");
                if (File.Exists(packed) && File.ReadLines(packed).FirstOrDefault(l => l.EndsWith(" " + reference, StringComparison.Ordinal)) is { } line)
                    return $"{reference.Split('/')[^1]} @ {line[..12]}";
                return reference;
            }
        }
        catch (IOException)
        {
        }

        return "unknown";
    }
}
