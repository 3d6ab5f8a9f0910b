using Akka.Configuration;
using TaskActors.Persistence;
using TaskActors.Testing;

namespace TaskActors.Tests.Persistence;

/// <summary>
/// One SQLite file in its own temp folder per test class (xUnit class fixture), initialised once (WAL + schema).
/// Tests in the class share the file and isolate themselves with unique persistence ids.
/// </summary>
public sealed class SqliteFileFixture : IStoreFixture, IDisposable
{
    private readonly TempDirectory _directory = new("sqlite");

    public SqliteFileFixture()
    {
        DatabasePath = _directory.StorePath();
        Config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                # A message waited for without an explicit timeout may take long on a loaded 2-core CI machine (the
                # journal's first query compiles its SQL); a test fails on a wrong or missing message, never on speed.
                akka.test.single-expect-default = 20s
                """)
            .WithFallback(TaskActorsConfig.ForSqliteFile(DatabasePath));
        using (SqliteStoreInitializer.Initialize(SqliteStoreSettings.Create(Config)))
        {
        }
    }

    public string DatabasePath { get; }

    public Config Config { get; }

    public void Dispose() => _directory.Dispose();
}
