namespace TaskActors.Model.Documents;

/// <summary>How <see cref="YamlWriter"/> writes one string (YAML's scalar styles).</summary>
public enum YamlStringStyle
{
    /// <summary>Unquoted: <c>name: nightly</c>. Only for text that reads back as the same string.</summary>
    Plain,

    /// <summary>In single quotes, <c>''</c> for a quote: <c>name: 'it''s'</c>.</summary>
    SingleQuoted,

    /// <summary>In double quotes with backslash escapes: <c>name: "tab\there"</c>. Holds any text.</summary>
    DoubleQuoted,

    /// <summary>A <c>|</c> block: every line break kept.</summary>
    Literal,

    /// <summary>A <c>&gt;</c> block: single line breaks fold into spaces.</summary>
    Folded,
}
