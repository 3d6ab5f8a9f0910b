using System.Text.Json;
using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// Runs an in-process .NET handler registered by name in the host, with <see cref="Input"/> as its JSON input.
/// JSON: <c>{"handler":{"name":"send-invoice","input":{...}}}</c>. An unknown name is rejected at submit.
/// </summary>
/// <param name="Name">The registered handler name: 1 to 128 characters from A-Z a-z 0-9 . _ -.</param>
/// <param name="Input">Any JSON value, or null for none.</param>
public sealed record HandlerWorkload(string Name, JsonElement? Input) : Workload
{
    /// <summary>A handler workload with the given name and input (anything System.Text.Json can serialize).</summary>
    public static HandlerWorkload Create(string name, object? input = null) =>
        new(name, input is null ? null : JsonSerializer.SerializeToElement(input, input.GetType()));

    /// <inheritdoc />
    public override string Kind => "handler";

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        if (Identity.IdentifierRules.Check(Name, 128) is { } problem)
        {
            yield return new FieldError($"{path}.handler.name", $"'{Name}' {problem}", Identity.IdentifierRules.Allowed(128));
        }
    }

    /// <inheritdoc />
    public bool Equals(HandlerWorkload? other) =>
        other is not null && Name == other.Name &&
        (Input is null ? other.Input is null : other.Input is not null && JsonElement.DeepEquals(Input.Value, other.Input.Value));

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal); // inputs compare by JSON value, not by formatting
}
