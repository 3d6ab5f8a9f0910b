using Akka.Configuration;
using Microsoft.Data.Sqlite;
using TaskActors.Persistence;

namespace TaskActors.Tests.Persistence;

/// <summary>
/// One SQLite file in its own temp folder per test class (xUnit class fixture), initialised once (WAL + schema).
/// Tests in the class share the file and isolate themselves with unique persistence ids.
/// </summary>
public sealed class SqliteFileFixture : IDisposable
{
    public SqliteFileFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "taskactors-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "store.db");
        Config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(TaskActorsConfig.ForSqliteFile(DatabasePath));
        using (SqliteStoreInitializer.Initialize(SqliteStoreSettings.Create(Config)))
        {
        }
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public Config Config { get; }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
    }
}
