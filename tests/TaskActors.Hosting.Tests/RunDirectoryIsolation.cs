using System.Runtime.CompilerServices;
using TaskActors.Testing;

namespace TaskActors.Hosting.Tests;

/// <summary>Runs before any test of this assembly: its store ownership locks live in a run folder of its own.</summary>
internal static class RunDirectoryIsolation
{
    [ModuleInitializer]
    internal static void Apply() => IsolatedRunDirectory.Apply();
}
