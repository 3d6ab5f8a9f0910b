using System.Globalization;

namespace TaskActors.Model.Documents;

/// <summary>
/// A leaf value of the document tree: a string, number, boolean or null with its source text. The manifest
/// reader converts it with the <c>TryGet…</c> helpers, which succeed only for the matching <see cref="Kind"/>
/// (a quoted <c>"5"</c> is a string and never yields a number).
/// </summary>
public sealed class DocScalar : DocNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="position">Where the scalar starts.</param>
    /// <param name="text">
    /// The text: <c>null</c> exactly when <paramref name="kind"/> is <see cref="ScalarKind.Null"/>;
    /// <c>true</c>/<c>false</c> for <see cref="ScalarKind.Boolean"/>; number text that parses as a double
    /// (invariant culture, or a YAML <c>.inf</c>/<c>.nan</c> form) for <see cref="ScalarKind.Number"/>.
    /// </param>
    /// <param name="kind">The resolved kind.</param>
    /// <exception cref="ArgumentException">The text does not fit the kind.</exception>
    public DocScalar(SourcePosition position, string? text, ScalarKind kind)
        : base(position)
    {
        var valid = kind switch
        {
            ScalarKind.Null => text is null,
            ScalarKind.String => text is not null,
            ScalarKind.Boolean => text is "true" or "false",
            ScalarKind.Number => text is not null && NumberText.TryParseDouble(text, out _),
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException($"Text '{text}' is not valid for a scalar of kind {kind}.", nameof(text));
        }

        Text = text;
        Kind = kind;
    }

    /// <summary>The scalar text; <c>null</c> for <see cref="ScalarKind.Null"/>.</summary>
    public string? Text { get; }

    /// <summary>The resolved kind.</summary>
    public ScalarKind Kind { get; }

    /// <inheritdoc />
    public override string KindName => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Number => "a number",
        ScalarKind.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>
    /// Reads an integer. Succeeds only for a <see cref="ScalarKind.Number"/> whose text is an integer in range
    /// (optional sign, decimal digits); <c>1.0</c> and <c>1e3</c> do not count as integers.
    /// </summary>
    /// <param name="value">The value on success.</param>
    /// <returns><c>true</c> on success.</returns>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == ScalarKind.Number
            && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Like <see cref="TryGetInt64"/>, for values within the <see cref="int"/> range.</summary>
    /// <param name="value">The value on success.</param>
    /// <returns><c>true</c> on success.</returns>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (!TryGetInt64(out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        value = (int)wide;
        return true;
    }

    /// <summary>
    /// Reads a floating-point value. Succeeds for every <see cref="ScalarKind.Number"/>, including YAML
    /// <c>.inf</c>, <c>-.inf</c> and <c>.nan</c> (callers that need a finite value must check).
    /// </summary>
    /// <param name="value">The value on success.</param>
    /// <returns><c>true</c> on success.</returns>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind == ScalarKind.Number && NumberText.TryParseDouble(Text!, out value);
    }

    /// <summary>Reads a boolean. Succeeds only for a <see cref="ScalarKind.Boolean"/>.</summary>
    /// <param name="value">The value on success.</param>
    /// <returns><c>true</c> on success.</returns>
    public bool TryGetBoolean(out bool value)
    {
        if (Kind != ScalarKind.Boolean)
        {
            value = false;
            return false;
        }

        value = Text == "true";
        return true;
    }
}
