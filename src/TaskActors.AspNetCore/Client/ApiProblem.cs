using System.Text.Json;
using TaskActors.AspNetCore.Api;
using TaskActors.Model.Commands;
using TaskActors.Model.Common;

namespace TaskActors.AspNetCore.Client;

/// <summary>A problem document of the API as <see cref="HttpTaskClient"/> reads it: the kind (the <c>type</c> URI's last part) and its extensions.</summary>
internal sealed record ApiProblem(string Type, string Detail, RejectionKind Reason, long? ResourceVersion, IReadOnlyList<FieldError> Errors)
{
    public static ApiProblem Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            var reason = root.TryGetProperty("reason", out var r) && Enum.TryParse<RejectionKind>(r.GetString(), out var kind) ? kind : default;
            long? version = root.TryGetProperty("resourceVersion", out var v) && v.TryGetInt64(out var n) ? n : null;
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(ToFieldError).ToList()
                : [];
            return new ApiProblem(type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal) ? type[Problems.TypePrefix.Length..] : type, detail, reason, version, errors);
        }
        catch (JsonException)
        {
            return new ApiProblem("", text.Length > 200 ? text[..200] : text, default, null, []);
        }
    }

    private static FieldError ToFieldError(JsonElement error)
    {
        string Text(string name) => error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var message = Text("message");
        if (error.TryGetProperty("line", out var line) && error.TryGetProperty("column", out var column))
        {
            message = $"{message} (line {line.GetInt32()}, column {column.GetInt32()})";
        }

        return new FieldError(Text("path"), message, Text("allowed"));
    }
}
