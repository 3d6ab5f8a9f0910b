namespace TaskActors.Model.Documents;

/// <summary>
/// Parses manifest text (YAML or JSON) into position-carrying <see cref="DocNode"/> trees, collecting every
/// parse error with its line and column instead of stopping at the first. Used by the manifest reader, which
/// then walks each of <see cref="ParseResult.Documents"/> as one task. Never throws for bad input.
/// </summary>
/// <remarks>
/// <para>JSON: comments are skipped and trailing commas allowed. The root may be one object or an array whose
/// elements are the documents. Scalar kinds come straight from the tokens; numbers keep their text.</para>
/// <para>YAML: every <c>---</c> document is a document, and a document whose root is a sequence contributes
/// each item as a document. Quoted, literal and folded scalars are strings; plain scalars follow the YAML 1.2
/// core schema: <c>null</c>/<c>Null</c>/<c>NULL</c>/<c>~</c>/empty are null; <c>true</c>/<c>True</c>/<c>TRUE</c>
/// and the <c>false</c> forms are booleans (text normalised to <c>true</c>/<c>false</c>); decimal integers,
/// floats (<c>1.5</c>, <c>.5</c>, <c>1e3</c>) and <c>.inf</c>/<c>-.inf</c>/<c>.nan</c> are numbers kept as
/// written; <c>0o17</c> and <c>0x1F</c> are numbers rewritten in decimal; anything else, including YAML 1.1's
/// <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>, is a string. The tags <c>!</c>, <c>!!str</c>, <c>!!int</c>,
/// <c>!!float</c>, <c>!!bool</c>, <c>!!null</c>, <c>!!map</c> and <c>!!seq</c> are honoured (a value that does
/// not fit its tag is an error); other tags are errors. Aliases reuse the anchored node (its position is the
/// anchor's); an alias to an anchor not yet complete (so no cycles), an alias used as a key, non-scalar keys, and
/// aliases expanding to more than <see cref="MaxAliasExpansion"/> nodes are errors. Merge keys (<c>&lt;&lt;</c>)
/// are not special: <c>&lt;&lt;</c> is an ordinary key. Mapping keys are taken verbatim as strings.</para>
/// <para>Both: duplicate keys are errors (the first occurrence is kept). Nesting deeper than
/// <see cref="MaxDepth"/> stops parsing like a syntax error (for YAML, also when reached only through an alias,
/// though that one is reported without stopping). Paths in errors are relative to the document root.</para>
/// </remarks>
public static class DocumentParser
{
    /// <summary>The deepest nesting of objects and lists accepted (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes that YAML aliases may add to one document when expanded (guards "billion laughs").</summary>
    public const int MaxAliasExpansion = 100_000;

    /// <summary>
    /// Parses <paramref name="text"/> as JSON when its first non-whitespace character is <c>{</c> or <c>[</c>,
    /// else as YAML. (So a YAML document written in flow style must not start with a brace or bracket.)
    /// </summary>
    /// <param name="text">The manifest text.</param>
    /// <param name="sourceName">A file name for error messages, or <c>null</c>.</param>
    /// <returns>The documents and every error found.</returns>
    public static ParseResult Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c == '\uFEFF' || char.IsWhiteSpace(c))
            {
                continue;
            }

            return c is '{' or '[' ? ParseJson(text, sourceName) : ParseYaml(text, sourceName);
        }

        return ParseYaml(text, sourceName);
    }

    /// <summary>Parses JSON text (see the remarks on <see cref="DocumentParser"/>).</summary>
    /// <param name="text">The JSON text; a leading byte-order mark is ignored.</param>
    /// <param name="sourceName">A file name for error messages, or <c>null</c>.</param>
    /// <returns>The documents and every error found.</returns>
    public static ParseResult ParseJson(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return JsonTreeBuilder.Build(WithoutByteOrderMark(text), sourceName);
    }

    /// <summary>
    /// Parses UTF-8 JSON without line and column information (all positions are 0:0). For machine-written JSON,
    /// such as stored events, where positions are never shown and their cost is not wanted.
    /// </summary>
    internal static ParseResult ParseJsonUtf8WithoutPositions(byte[] utf8, string? sourceName = null) =>
        JsonTreeBuilder.BuildUtf8WithoutPositions(utf8, sourceName);

    /// <summary>Parses a YAML stream (see the remarks on <see cref="DocumentParser"/>).</summary>
    /// <param name="text">The YAML text; a leading byte-order mark is ignored.</param>
    /// <param name="sourceName">A file name for error messages, or <c>null</c>.</param>
    /// <returns>The documents and every error found.</returns>
    public static ParseResult ParseYaml(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return YamlTreeBuilder.Build(WithoutByteOrderMark(text), sourceName);
    }

    private static string WithoutByteOrderMark(string text) => text.StartsWith('\uFEFF') ? text[1..] : text;
}
