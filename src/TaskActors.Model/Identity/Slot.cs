using TaskActors.Model.Common;

namespace TaskActors.Model.Identity;

/// <summary>
/// A slot: the admission key of a task. At most one task owns a slot at a time; what happens to a submission
/// for a busy slot is decided by the spec's <see cref="Policies.AdmissionPolicy"/>.
/// The constructor does not validate; <see cref="Parse"/> and <see cref="Check"/> do.
/// </summary>
/// <param name="Value">The slot name.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TaskJsonConverters.SlotName))]
public readonly record struct Slot(string Value)
{
    /// <summary>The longest allowed slot name, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Returns what is wrong with <paramref name="value"/> as a slot name, or null when it is valid.</summary>
    public static string? Check(string? value) => IdentifierRules.Check(value, MaxLength);

    /// <summary>Validates <paramref name="value"/> and wraps it; throws <see cref="FormatException"/> naming the problem.</summary>
    public static Slot Parse(string value)
    {
        var problem = Check(value);
        return problem is null
            ? new Slot(value)
            : throw new FormatException($"slot '{value}' {problem} (allowed: {IdentifierRules.Allowed(MaxLength)})");
    }

    /// <summary>Validates the slot as a <see cref="FieldError"/> at <paramref name="path"/>, or null when valid.</summary>
    public FieldError? Validate(string path = "spec.slot") =>
        Check(Value) is { } problem ? new FieldError(path, $"'{Value}' {problem}", IdentifierRules.Allowed(MaxLength)) : null;

    /// <summary>The slot name.</summary>
    public override string ToString() => Value;
}
