using Akka.Configuration;
using TaskActors.Persistence;
using TaskActors.Persistence.PostgreSql;
using TaskActors.Testing;
using TaskActors.Tests.Persistence;

namespace TaskActors.Tests.PostgreSql;

/// <summary>
/// A fresh database on the tests' PostgreSQL server per test class (xUnit class fixture), initialised once (schema).
/// Tests in the class share it and isolate themselves with unique persistence ids.
/// </summary>
public sealed class PostgreSqlDatabaseFixture : IStoreFixture
{
    public PostgreSqlDatabaseFixture()
    {
        ConnectionString = PostgreSqlServer.CreateDatabase("compliance");
        Config = StoreTestKit<PostgreSqlDatabaseFixture>.TestSettings.WithFallback(TaskActorsConfig.ForPostgreSql(ConnectionString));
        PostgreSqlStoreInitializer.Initialize(PostgreSqlStoreSettings.Create(Config));
    }

    public string ConnectionString { get; }

    public Config Config { get; }
}
