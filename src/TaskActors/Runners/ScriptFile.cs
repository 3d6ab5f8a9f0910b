namespace TaskActors.Runners;

/// <summary>
/// A script body written to a private temporary file (mode 0600) for one attempt, deleted on <see cref="Dispose"/>.
/// Created by <see cref="SubprocessLaunch"/> for the built-in runtimes and disposed by the
/// <see cref="SubprocessRunner"/> once the process has exited (or failed to start).
/// </summary>
internal sealed class ScriptFile : IDisposable
{
    private ScriptFile(string path) => Path = path;

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>
    /// Writes <paramref name="content"/> to a new file in the temporary folder, readable and writable by this user
    /// only, named with <paramref name="extension"/> (some interpreters look at it). Throws on I/O errors.
    /// </summary>
    public static ScriptFile Create(ReadOnlySpan<byte> content, string extension)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"taskactors-script-{Guid.NewGuid():N}{extension}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new ScriptFile(path);
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return file;
    }

    /// <summary>Deletes the file; never throws.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
