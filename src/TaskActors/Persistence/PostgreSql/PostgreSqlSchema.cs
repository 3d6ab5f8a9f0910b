namespace TaskActors.Persistence.PostgreSql;

/// <summary>
/// The DDL of the journal and snapshot tables, exactly as Akka.Persistence.Sql 1.5.73 creates them itself for the
/// <c>default</c> table mapping with <c>tag-write-mode = Csv</c> on the <c>PostgreSQL.15</c> provider (obtained by letting
/// the plugin auto-initialise a throwaway database and dumping it with <c>pg_dump -s</c>; <c>PostgreSqlSchemaSpec</c>
/// keeps the two in step). Run by <see cref="PostgreSqlStoreInitializer"/> under an advisory lock before the actor
/// system starts; every statement is idempotent.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The DDL script; idempotent.</summary>
    /// <remarks>
    /// Names are unqualified, so the tables go to the first schema of the connection's search path (Npgsql's
    /// <c>Search Path</c>), where the plugins' unqualified queries find them. The constraints are declared inside
    /// <c>CREATE TABLE IF NOT EXISTS</c> so that they come and go with the table (PostgreSQL has no
    /// <c>ADD CONSTRAINT IF NOT EXISTS</c>); <c>pg_dump</c> writes them back as the plugin's <c>ALTER TABLE ... ADD CONSTRAINT</c>.
    /// </remarks>
    public const string Script = """
        CREATE TABLE IF NOT EXISTS journal
        (
            ordering        bigint  GENERATED ALWAYS AS IDENTITY NOT NULL,
            created         bigint  NOT NULL,
            deleted         boolean NOT NULL,
            persistence_id  text    NOT NULL,
            sequence_number bigint  NOT NULL,
            message         bytea   NOT NULL,
            tags            text        NULL,
            manifest        text        NULL,
            identifier      integer     NULL,
            writer_uuid     text        NULL,
            CONSTRAINT "PK_journal" PRIMARY KEY (ordering),
            CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
        );
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS snapshot
        (
            persistence_id  text    NOT NULL,
            sequence_number bigint  NOT NULL,
            created         bigint  NOT NULL,
            snapshot        bytea       NULL,
            manifest        text        NULL,
            serializer_id   integer     NULL,
            CONSTRAINT "PK_snapshot" PRIMARY KEY (persistence_id, sequence_number)
        );
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        """;

    /// <summary>The tables the plugins need; checked by <see cref="PostgreSqlStoreInitializer"/> after running <see cref="Script"/>.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["journal", "snapshot"];
}
