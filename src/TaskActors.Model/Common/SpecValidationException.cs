namespace TaskActors.Model.Common;

/// <summary>
/// Thrown by <see cref="Specs.TaskSpecBuilder.Build"/> when the spec breaks one or more rules; carries every
/// <see cref="FieldError"/> at once so the caller can fix them all in one go.
/// </summary>
public sealed class SpecValidationException : Exception
{
    /// <summary>Creates the exception from the full list of field errors.</summary>
    public SpecValidationException(IReadOnlyList<FieldError> errors)
        : base(FormatMessage(errors)) => Errors = errors;

    /// <summary>Creates an exception with no errors (for serializers and frameworks).</summary>
    public SpecValidationException() : this([])
    {
    }

    /// <summary>Creates an exception with a custom message and no field errors.</summary>
    public SpecValidationException(string message) : base(message) => Errors = [];

    /// <summary>Creates an exception with a custom message, a cause and no field errors.</summary>
    public SpecValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>Every rule the spec broke, each naming its JSON path.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0
            ? "the task spec is invalid"
            : $"the task spec has {errors.Count} error(s):{Environment.NewLine}" +
              string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
