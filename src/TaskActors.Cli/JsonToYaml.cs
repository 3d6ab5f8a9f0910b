using TaskActors.Model.Documents;

namespace TaskActors.Cli;

/// <summary>
/// Turns the command's JSON output into YAML with the same tree, through the model's <see cref="YamlWriter"/> (block
/// collections; strings plain where they read back unchanged, else quoted), so what <c>-o yaml</c> prints reads back
/// through the manifest reader exactly.
/// </summary>
internal static class JsonToYaml
{
    /// <summary>YAML of the JSON document <paramref name="json"/> (no document markers).</summary>
    public static string Convert(string json) => YamlWriter.FromJson(json);
}
