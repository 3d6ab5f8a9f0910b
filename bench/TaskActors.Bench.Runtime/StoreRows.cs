using Microsoft.Data.Sqlite;

namespace TaskActors.Bench.Runtime;

/// <summary>What a store file holds, counted with plain SQL after the node is gone.</summary>
/// <param name="TaskEvents">Journal rows of tasks (persistence ids <c>task-*</c> except the region).</param>
/// <param name="RegionEvents">Journal rows of the task region (<c>task-region</c>).</param>
/// <param name="SlotEvents">Journal rows of slots (<c>slot-*</c>).</param>
/// <param name="OtherEvents">Any other journal rows.</param>
/// <param name="Snapshots">Snapshot rows.</param>
public sealed record StoreRows(long TaskEvents, long RegionEvents, long SlotEvents, long OtherEvents, long Snapshots)
{
    public static StoreRows Count(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var region = Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'taskactors-region'");
        var tasks = Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'task-%'") - region;
        var slots = Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'slot-%'");
        var all = Scalar("SELECT COUNT(*) FROM journal");
        return new StoreRows(tasks, region, slots, all - tasks - region - slots, Scalar("SELECT COUNT(*) FROM snapshot"));
    }

    public string Describe(double perTask) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{TaskEvents / perTask:F1} task + {SlotEvents / perTask:F1} slot + {RegionEvents / perTask:F1} task-region" +
        $"{(OtherEvents > 0 ? $" + {OtherEvents / perTask:F1} other" : string.Empty)} journal rows");
}
