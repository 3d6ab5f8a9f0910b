using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TaskActors.Bench.Compare;

/// <summary>Where and on what the run happened.</summary>
public sealed record MachineInfo(int Cores, string Cpu, double MemoryGiB, string Os, string Runtime, string Commit, string LoadAtStart)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        FirstLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0,
        $"{OsName()} (kernel {Environment.OSVersion.Version})",
        RuntimeInformation.FrameworkDescription,
        GitCommit(),
        LoadAverage());

    public static string LoadAverage() => TaskActors.Bench.Runtime.PhaseMeter.LoadAverage();

    private static string OsName() =>
        File.Exists("/etc/os-release") && File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) is { } line
            ? line["PRETTY_NAME=".Length..].Trim('"')
            : RuntimeInformation.OSDescription;

    private static string? FirstLine(string path, string key)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The commit of the working tree, with "+ local changes" when tracked files differ from it (read-only git calls).</summary>
    private static string GitCommit()
    {
        var root = HarnessOptions.RepositoryRoot();
        if (root is null)
            return "unknown (not run from a clone)";
        var head = Git(root, "rev-parse", "--short=12", "HEAD");
        if (head is null)
            return "unknown (git not available)";
        var changes = Git(root, "status", "--porcelain", "--untracked-files=no");
        return string.IsNullOrWhiteSpace(changes) ? head : head + " + local changes";
    }

    private static string? Git(string root, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(root);
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            using var git = Process.Start(start);
            if (git is null)
                return null;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

/// <summary>One run of the harness.</summary>
public sealed record RunInfo(HarnessOptions Options, MachineInfo Machine, DateTime StartedUtc, TimeSpan Wall, string LoadAtEnd)
{
    public string Mode => Options.Quick ? "quick" : "full";

    public Dictionary<string, object> Describe() => new()
    {
        ["command"] = Options.Command,
        ["mode"] = Mode,
        ["startedUtc"] = StartedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        ["wallSeconds"] = Math.Round(Wall.TotalSeconds),
        ["machine"] = Machine,
        ["sizes"] = Options.Sizes,
        ["loadAtEnd"] = LoadAtEnd,
    };
}
