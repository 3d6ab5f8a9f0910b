namespace TaskActors.Model.Identity;

/// <summary>
/// The Kubernetes label format: a key is an optional DNS-subdomain prefix and <c>/</c> followed by a name of
/// at most 63 characters (alphanumeric at both ends, <c>-_.</c> inside); a value is empty or a name.
/// </summary>
public static class LabelRules
{
    /// <summary>The longest name part of a key and the longest value.</summary>
    public const int MaxNameLength = 63;

    /// <summary>The longest key prefix.</summary>
    public const int MaxPrefixLength = 253;

    /// <summary>What a key may look like, for error messages.</summary>
    public const string KeyAllowed = "[prefix/]name: name of 1-63 characters from A-Z a-z 0-9 - _ . starting and ending alphanumeric; optional prefix a DNS subdomain of at most 253 characters";

    /// <summary>What a value may look like, for error messages.</summary>
    public const string ValueAllowed = "empty, or 1-63 characters from A-Z a-z 0-9 - _ . starting and ending alphanumeric";

    /// <summary>Returns what is wrong with a label key, or null when it is valid.</summary>
    public static string? CheckKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "must not be empty";
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (CheckPrefix(prefix) is { } prefixProblem)
            {
                return $"has a prefix that {prefixProblem}";
            }

            key = key[(slash + 1)..];
        }

        return CheckName(key, allowEmpty: false);
    }

    /// <summary>Returns what is wrong with a label value, or null when it is valid.</summary>
    public static string? CheckValue(string? value) => CheckName(value ?? string.Empty, allowEmpty: true);

    private static string? CheckName(string name, bool allowEmpty)
    {
        if (name.Length == 0)
        {
            return allowEmpty ? null : "has an empty name";
        }

        if (name.Length > MaxNameLength)
        {
            return $"is {name.Length} characters long, longer than the maximum {MaxNameLength}";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "must start and end with a letter or digit";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"contains {IdentifierRules.Describe(c)}";
            }
        }

        return null;
    }

    private static string? CheckPrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "is empty";
        }

        if (prefix.Length > MaxPrefixLength)
        {
            return $"is longer than {MaxPrefixLength} characters";
        }

        foreach (var part in prefix.Split('.'))
        {
            if (part.Length == 0 || !char.IsAsciiLetterOrDigit(part[0]) || !char.IsAsciiLetterOrDigit(part[^1]) ||
                part.Any(c => !char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-'))
            {
                return "is not a lowercase DNS subdomain";
            }
        }

        return null;
    }
}
