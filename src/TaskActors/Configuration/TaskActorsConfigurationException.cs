using Akka.Configuration;

namespace TaskActors.Configuration;

/// <summary>
/// A TaskActors configuration key holds a value that is not allowed (or is missing). Thrown by the settings classes'
/// <c>Create(Config)</c> (<c>TaskRuntimeSettings</c>, <c>QuerySettings</c>, <c>SqliteStoreSettings</c>) when a node or
/// store starts, so a bad key stops the start with one message that names the key's full path, the value found and
/// what is allowed. Derives from Akka's <see cref="ConfigurationException"/>, which Akka throws for its own keys.
/// </summary>
public sealed class TaskActorsConfigurationException : ConfigurationException
{
    /// <summary>A key at <paramref name="path"/> holds <paramref name="value"/> (null = missing); <paramref name="allowed"/> says what it may hold.</summary>
    public TaskActorsConfigurationException(string path, string? value, string allowed, Exception? innerException = null)
        : base(Describe(path, value, allowed), innerException!)
    {
        Path = path;
        Value = value;
        Allowed = allowed;
    }

    /// <summary>The key's full path, e.g. <c>task-actors.runtime.snapshot-every</c>.</summary>
    public string Path { get; }

    /// <summary>The value found, as written in the configuration; null when the key is missing.</summary>
    public string? Value { get; }

    /// <summary>What the key may hold, e.g. <c>an integer of at least 1</c>.</summary>
    public string Allowed { get; }

    private static string Describe(string path, string? value, string allowed) =>
        $"Invalid configuration: {path} is {(value is null ? "missing" : $"'{value}'")}; it must be {allowed}.";
}
