using System.Text.Json;
using System.Text.Json.Serialization;
using TaskActors.Model.Identity;
using TaskActors.Model.Resources;
using TaskActors.Model.Specs;

namespace TaskActors.Model.Json;

/// <summary>
/// System.Text.Json converters of the model's wire types, attached to the types themselves with
/// <see cref="JsonConverterAttribute"/>: any <see cref="JsonSerializer"/> call (ASP.NET Core's <c>Results.Ok(task)</c>,
/// <c>HttpClient.GetFromJsonAsync&lt;TaskResource&gt;</c>, ...) writes and reads the same shape as <see cref="TaskJson"/>,
/// with no registration. Reading goes through the strict manifest reader, so a bad document throws
/// <see cref="JsonException"/> listing every error.
/// </summary>
public static class TaskJsonConverters
{
    /// <summary>Writes a task as its resource (<c>apiVersion, kind, metadata, spec, status</c>); reads it back.</summary>
    public sealed class Resource : JsonConverter<TaskResource>
    {
        /// <inheritdoc />
        public override TaskResource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadWith(ref reader, TaskJson.ReadResource);

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TaskResource value, JsonSerializerOptions options) => TaskJson.WriteResource(writer, value);
    }

    /// <summary>Writes a spec with every field; reads (and validates) one.</summary>
    public sealed class Spec : JsonConverter<TaskSpec>
    {
        /// <inheritdoc />
        public override TaskSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadWith(ref reader, TaskJson.ReadSpec);

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TaskSpec value, JsonSerializerOptions options) => TaskJson.WriteSpec(writer, value);
    }

    /// <summary>Writes a run record; reads one.</summary>
    public sealed class Run : JsonConverter<TaskRun>
    {
        /// <inheritdoc />
        public override TaskRun Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadWith(ref reader, TaskJson.ReadRun);

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TaskRun value, JsonSerializerOptions options) => TaskJson.WriteRun(writer, value);
    }

    /// <summary>A task id as a JSON string (checked on read).</summary>
    public sealed class Id : JsonConverter<TaskId>
    {
        /// <inheritdoc />
        public override TaskId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadString(ref reader, TaskId.Check, value => new TaskId(value));

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TaskId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    /// <summary>A slot name as a JSON string (checked on read).</summary>
    public sealed class SlotName : JsonConverter<Slot>
    {
        /// <inheritdoc />
        public override Slot Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadString(ref reader, Slot.Check, value => new Slot(value));

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, Slot value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    /// <summary>A phase as its lowercase wire name (<c>pending</c>, <c>running</c>, ...).</summary>
    public sealed class Phase : JsonConverter<TaskPhase>
    {
        /// <inheritdoc />
        public override TaskPhase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return TaskPhaseExtensions.TryParse(text, out var phase)
                ? phase
                : throw new JsonException($"expected a phase ({TaskPhaseExtensions.AllowedNames}), got {(text is null ? reader.TokenType.ToString() : $"'{text}'")}");
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TaskPhase value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWireName());
    }

    private static T ReadWith<T>(ref Utf8JsonReader reader, Func<string, T> read)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            return read(document.RootElement.GetRawText());
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static T ReadString<T>(ref Utf8JsonReader reader, Func<string?, string?> check, Func<string, T> create)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a string, got {reader.TokenType}");
        }

        var value = reader.GetString()!;
        return check(value) is { } problem ? throw new JsonException($"'{value}' {problem}") : create(value);
    }
}
