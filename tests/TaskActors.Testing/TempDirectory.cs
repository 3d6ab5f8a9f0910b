using Microsoft.Data.Sqlite;

namespace TaskActors.Testing;

/// <summary>
/// A fresh folder under the system temp folder for one test (or one fixture): a store file, manifests, marker files,
/// a host's content root. Disposing releases SQLite's pooled connections (they keep a store's files open) and deletes
/// the folder; a file still held open, e.g. the working folder of a killed attempt's process, leaves it to the OS.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder, named <c>taskactors-{purpose}-</c> plus a random suffix.</summary>
    public TempDirectory(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"taskactors-{purpose}-").FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of a store file in the folder: <c>store.db</c> unless another name is given.</summary>
    public string StorePath(string name = "store.db") => File(name);

    /// <summary>The full path of <paramref name="relative"/> inside the folder (nothing is created).</summary>
    public string File(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
            // likewise
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;
}
