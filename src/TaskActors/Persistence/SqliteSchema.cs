namespace TaskActors.Persistence;

/// <summary>
/// The DDL of the journal and snapshot tables, exactly as Akka.Persistence.Sql 1.5.73 creates them itself for the
/// <c>default</c> table mapping with <c>tag-write-mode = Csv</c> on the <c>SQLite.MS</c> provider (dumped from
/// <c>sqlite_master</c> after the plugin's own auto-initialisation; a test keeps the two in step).
/// Run by <see cref="SqliteStoreInitializer"/> before the actor system starts.
/// </summary>
/// <remarks>
/// We create the schema ourselves, synchronously and before any persistent actor exists, and turn the plugin's
/// <c>auto-initialize</c> off: the plugin initialises asynchronously inside each plugin actor, so table creation can
/// race a second actor system on the same file or a read-side query. Every statement is idempotent
/// (<c>IF NOT EXISTS</c>), so running it against an existing store (even one the plugin created) is a no-op.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The DDL script; idempotent.</summary>
    public const string Script = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
            [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
            [created]         INTEGER        NOT NULL,
            [deleted]         Bit            NOT NULL,
            [persistence_id]  NVarChar(255)  NOT NULL,
            [sequence_number] INTEGER        NOT NULL,
            [message]         VarBinary      NOT NULL,
            [tags]            NVarChar(100)      NULL,
            [manifest]        NVarChar(500)      NULL,
            [identifier]      INTEGER            NULL,
            [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS [snapshot]
        (
            [persistence_id]  NVarChar(255) NOT NULL,
            [sequence_number] INTEGER       NOT NULL,
            [created]         INTEGER       NOT NULL,
            [snapshot]        VarBinary         NULL,
            [manifest]        NVarChar(500)     NULL,
            [serializer_id]   INTEGER           NULL,
            CONSTRAINT [PK_snapshot] PRIMARY KEY ([persistence_id], [sequence_number])
        );
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        """;

    /// <summary>The tables the plugins need; checked by <see cref="SqliteStoreInitializer"/> after running <see cref="Script"/>.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["journal", "snapshot"];
}
