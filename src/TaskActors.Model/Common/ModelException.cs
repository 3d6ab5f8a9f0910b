namespace TaskActors.Model.Common;

/// <summary>
/// Thrown by the model when a caller asks for something the rules forbid (an illegal phase transition,
/// an event that does not fit the state). It signals a bug in the caller, not bad user input: user input
/// is validated into <see cref="FieldError"/> lists instead.
/// </summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception with a message that says what was asked and why it is not allowed.</summary>
    public ModelException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with no message (for serializers and frameworks).</summary>
    public ModelException()
    {
    }

    /// <summary>Creates the exception wrapping a cause.</summary>
    public ModelException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
