using System.Text.Json;

namespace TaskActors.Control;

/// <summary>The JSON options of the control socket's lines (camelCase, as the rest of TaskActors' JSON).</summary>
internal static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
