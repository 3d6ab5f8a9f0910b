using System.Reflection;
using FsCheck.Xunit;
using Xunit;

namespace TaskActors.Testing;

/// <summary>
/// The rule every test project with properties checks about itself: a property test is an FsCheck
/// <see cref="ScaledPropertyAttribute"/> test (so it scales for the long run and its failure prints a replay line),
/// never a bare <see cref="PropertyAttribute"/> or an FsCheck <c>Property</c> returned from a plain fact.
/// </summary>
public static class PropertyConventions
{
    /// <summary>Test methods of <paramref name="assembly"/> that break the rule, as "Type.Method: what is wrong".</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var violations = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var property = method.GetCustomAttribute<PropertyAttribute>();
                var fact = method.GetCustomAttribute<FactAttribute>();
                var name = $"{type.Name}.{method.Name}";
                if (property is not null && property is not ScaledPropertyAttribute)
                {
                    violations.Add($"{name}: uses [Property]; use [ScaledProperty] so it scales and prints its replay");
                }
                else if (property is null && fact is not null && method.ReturnType.FullName == "FsCheck.Property")
                {
                    violations.Add($"{name}: returns an FsCheck Property from a plain fact, which never runs it");
                }
            }
        }

        return violations;
    }
}
