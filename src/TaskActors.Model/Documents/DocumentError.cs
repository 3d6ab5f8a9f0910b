using System.Text;

namespace TaskActors.Model.Documents;

/// <summary>
/// One problem in a manifest, from parsing (<see cref="DocumentParser"/>: syntax errors, duplicate keys) or from
/// reading the tree into a task spec (the manifest reader: wrong types, missing or unknown fields). Shown to
/// users as <c>tasks.yaml:12:5: spec.timeoutMs: expected a number, got a string</c>.
/// </summary>
/// <param name="SourceName">The file or source name, if known.</param>
/// <param name="Position">Where the problem is, if known.</param>
/// <param name="Path">The path of the offending node (see <see cref="DocPath"/>); empty for document-level errors.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DocumentError(string? SourceName, SourcePosition? Position, string Path, string Message)
{
    /// <summary>Formats the error as <c>source:line:column: path: message</c>, omitting the parts that are absent.</summary>
    /// <returns>The one-line error text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(SourceName))
        {
            text.Append(SourceName);
        }

        if (Position is { } position)
        {
            if (text.Length > 0)
            {
                text.Append(':');
            }

            text.Append(position.Line).Append(':').Append(position.Column);
        }

        if (text.Length > 0)
        {
            text.Append(": ");
        }

        if (!string.IsNullOrEmpty(Path))
        {
            text.Append(Path).Append(": ");
        }

        return text.Append(Message).ToString();
    }
}
