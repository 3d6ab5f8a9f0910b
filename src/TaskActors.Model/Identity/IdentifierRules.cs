namespace TaskActors.Model.Identity;

/// <summary>
/// The format shared by task ids and slot names: non-empty, at most a given length, only
/// <c>[A-Za-z0-9._-]</c>, and not <c>.</c> or <c>..</c> (so an id is always safe as a file or actor name).
/// </summary>
public static class IdentifierRules
{
    /// <summary>The allowed characters, as shown in error messages.</summary>
    public const string AllowedDescription = "1 to {0} characters from A-Z a-z 0-9 . _ -, not '.' or '..'";

    /// <summary>Returns what is wrong with <paramref name="value"/>, or null when it is a valid identifier.</summary>
    /// <param name="value">The candidate identifier.</param>
    /// <param name="maxLength">The longest allowed value, in characters.</param>
    public static string? Check(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "must not be empty";
        }

        if (value.Length > maxLength)
        {
            return $"is {value.Length} characters long, longer than the maximum {maxLength}";
        }

        if (value is "." or "..")
        {
            return $"must not be '{value}'";
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!IsAllowed(value[i]))
            {
                return $"contains {Describe(value[i])} at position {i + 1}";
            }
        }

        return null;
    }

    /// <summary>The "allowed" text for an identifier of the given maximum length.</summary>
    public static string Allowed(int maxLength) => string.Format(System.Globalization.CultureInfo.InvariantCulture, AllowedDescription, maxLength);

    /// <summary>True for the characters an identifier may contain.</summary>
    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    internal static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? $"the character U+{(int)c:X4}"
        : $"'{c}'";
}
