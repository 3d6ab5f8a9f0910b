namespace TaskActors.Model.Documents;

/// <summary>
/// The choices <see cref="YamlWriter"/> asks for while writing: the style of each string and whether a mapping or
/// sequence is written in flow (<c>{a: 1}</c>, <c>[1, 2]</c>) or block style. <see cref="Readable"/> is the command's
/// output; tests derive their own to draw every style. The writer overrides a string style that would not read back.
/// </summary>
public class YamlLayout
{
    /// <summary>Block collections; strings plain where they read back as the same text, else double quoted.</summary>
    public static YamlLayout Readable { get; } = new();

    /// <summary>The style asked for <paramref name="value"/> (a mapping key when <paramref name="isKey"/>).</summary>
    /// <param name="value">The text to write.</param>
    /// <param name="isKey">Whether it is a mapping key.</param>
    /// <returns>The wanted style; <see cref="YamlWriter.SafeStyle"/> decides the one used.</returns>
    public virtual YamlStringStyle StringStyle(string value, bool isKey) => YamlStringStyle.Plain;

    /// <summary>Whether a mapping at nesting <paramref name="depth"/> (0 = the root) is written in flow style.</summary>
    /// <param name="depth">Nesting depth of the mapping.</param>
    /// <returns><c>true</c> for flow style; everything inside a flow collection is flow too.</returns>
    public virtual bool FlowMapping(int depth) => false;

    /// <summary>Whether a sequence at nesting <paramref name="depth"/> (0 = the root) is written in flow style.</summary>
    /// <param name="depth">Nesting depth of the sequence.</param>
    /// <returns><c>true</c> for flow style; everything inside a flow collection is flow too.</returns>
    public virtual bool FlowSequence(int depth) => false;
}
