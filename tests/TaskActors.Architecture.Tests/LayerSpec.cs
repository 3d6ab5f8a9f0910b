using System.Reflection;
using System.Runtime.InteropServices;

namespace TaskActors.Architecture.Tests;

/// <summary>
/// The layers of ARCHITECTURE.md ("one direction of dependency"), read from the built assemblies' references:
/// Model ◀ TaskActors (the runtime) ◀ Hosting, and the command over the runtime. A reference that breaks the direction
/// fails here even when the code compiles.
/// </summary>
public sealed class LayerSpec
{
    [Fact]
    public void The_model_depends_on_nothing_but_dotnet_and_YamlDotNet()
    {
        // Transitively: no Akka, no Microsoft.Data.Sqlite, no linq2db, nothing of the runtime, hosting or command.
        Assert.Equal(["YamlDotNet"], ReferencesOutsideTheFramework("TaskActors.Model", transitively: true));
    }

    [Fact]
    public void The_runtime_references_neither_the_hosting_layer_nor_the_command()
    {
        var references = ReferencesOutsideTheFramework("TaskActors", transitively: true);

        Assert.Contains("TaskActors.Model", references);
        Assert.DoesNotContain("TaskActors.Hosting", references);
        Assert.DoesNotContain("TaskActors.Cli", references);
    }

    [Fact]
    public void The_hosting_layer_does_not_reference_the_command()
    {
        var references = ReferencesOutsideTheFramework("TaskActors.Hosting", transitively: true);

        Assert.Contains("TaskActors", references);
        Assert.DoesNotContain("TaskActors.Cli", references);
    }

    /// <summary>
    /// The names of the assemblies <paramref name="assembly"/> references that are not part of the shared .NET
    /// framework, sorted; with <paramref name="transitively"/>, also what those reference in turn.
    /// </summary>
    private static List<string> ReferencesOutsideTheFramework(string assembly, bool transitively)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([new AssemblyName(assembly)]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var reference in Assembly.Load(next).GetReferencedAssemblies())
            {
                if (!IsFramework(reference) && found.Add(reference.Name!) && transitively)
                {
                    pending.Enqueue(reference);
                }
            }
        }

        return [.. found];
    }

    // An assembly of the shared framework (Microsoft.NETCore.App) sits in the runtime's own directory.
    private static bool IsFramework(AssemblyName name) =>
        File.Exists(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), name.Name + ".dll"));
}
