using System.Text.Json;

namespace TaskActors.Model.Documents;

/// <summary>
/// Builds the JSON-path-like strings used in <see cref="DocumentError.Path"/>, e.g. <c>spec.backoff.maxMs</c> or
/// <c>spec.workload.subprocess.args[2]</c>. Used by <see cref="DocumentParser"/> and the manifest reader so
/// both spell paths the same way. The document root is the empty path.
/// </summary>
public static class DocPath
{
    /// <summary>The path of the document root.</summary>
    public const string Root = "";

    /// <summary>
    /// Appends a property: <c>parent.name</c>, or just <c>name</c> at the root. Names that are not plain
    /// identifiers (letters, digits, <c>_</c>, <c>-</c>) are written as <c>parent["na.me"]</c>.
    /// </summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The child path.</returns>
    public static string Property(string parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(name);
        if (!IsPlainName(name))
        {
            return $"{parent}[{JsonSerializer.Serialize(name)}]";
        }

        return parent.Length == 0 ? name : $"{parent}.{name}";
    }

    /// <summary>Appends a list index: <c>parent[index]</c>.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="index">The 0-based index.</param>
    /// <returns>The child path.</returns>
    public static string Index(string parent, int index)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return $"{parent}[{index}]";
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}
