namespace TaskActors.Bench.Runtime;

/// <summary>Finds bench/TaskActors.Bench.Runtime/RESULTS.md from the current directory or the binaries' location.</summary>
public static class ResultsFile
{
    private const string Relative = "bench/TaskActors.Bench.Runtime";

    public static string? DefaultPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var project = Path.Combine(dir.FullName, Relative);
                if (File.Exists(Path.Combine(project, "TaskActors.Bench.Runtime.csproj")))
                    return Path.Combine(project, "RESULTS.md");
                if (File.Exists(Path.Combine(dir.FullName, "TaskActors.Bench.Runtime.csproj")))
                    return Path.Combine(dir.FullName, "RESULTS.md");
            }
        }

        return null;
    }
}
