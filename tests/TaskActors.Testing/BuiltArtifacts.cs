namespace TaskActors.Testing;

/// <summary>
/// Where the programs that tests start as processes were built: the same configuration and target framework as the
/// running test assembly (<c>bin/&lt;Configuration&gt;/&lt;framework&gt;/</c>), in the project's own folder of this
/// repository. The test projects reference those projects with <c>ReferenceOutputAssembly="false"</c> so a build
/// of the tests builds them.
/// </summary>
public static class BuiltArtifacts
{
    /// <summary>The <c>taskactors</c> command (<c>src/TaskActors.Cli</c>).</summary>
    public static string Cli => Dll("src/TaskActors.Cli", "TaskActors.Cli");

    /// <summary>The node that submits tasks until it is killed, or runs one pulse-fenced task (<c>tests/TaskActors.CrashProbe</c>).</summary>
    public static string CrashProbe => Dll("tests/TaskActors.CrashProbe", "TaskActors.CrashProbe");

    /// <summary>A cluster node that runs until it is killed (<c>tests/TaskActors.ClusterProbe</c>).</summary>
    public static string ClusterProbe => Dll("tests/TaskActors.ClusterProbe", "TaskActors.ClusterProbe");

    /// <summary>The journal writer that prints an ack per write until it is killed (<c>tests/TaskActors.DurabilityProbe</c>).</summary>
    public static string DurabilityProbe => Dll("tests/TaskActors.DurabilityProbe", "TaskActors.DurabilityProbe");

    /// <summary>The worker-service sample (<c>samples/TaskActors.Samples.Worker</c>).</summary>
    public static string WorkerSample => Dll("samples/TaskActors.Samples.Worker", "TaskActors.Samples.Worker");

    /// <summary>The repository's root folder (the one holding TaskActors.sln), for files the tests read from it.</summary>
    public static string RepositoryRoot => RepositoryRootAbove(new DirectoryInfo(AppContext.BaseDirectory));

    /// <summary>
    /// The built <paramref name="assembly"/>.dll of the project in <paramref name="projectFolder"/> (relative to the
    /// repository root); throws <see cref="FileNotFoundException"/> naming the path when it has not been built.
    /// </summary>
    public static string Dll(string projectFolder, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(RepositoryRootAbove(output), projectFolder, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {projectFolder} ({configuration}) first", path);
    }

    private static string RepositoryRootAbove(DirectoryInfo from)
    {
        for (var folder = from; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TaskActors.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no TaskActors.sln above {from.FullName}");
    }
}
