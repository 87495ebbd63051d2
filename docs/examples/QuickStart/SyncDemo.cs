using Driver.Sync;

namespace QuickStart;

/// <summary>Driver.Sync: every call blocks the calling thread.</summary>
internal static class SyncDemo
{
    public static void Run(string connectionString)
    {
        Console.WriteLine("--- Driver.Sync (blocking) ---");
        using var connection = new HanaConnection(connectionString);
        connection.Open();
        Console.WriteLine($"Connected: {connection}");

        using (var create = new HanaCommand("CREATE TABLE QS_SYNC (ID INTEGER PRIMARY KEY, NAME NVARCHAR(30))", connection))
        {
            create.ExecuteNonQuery();
        }
        using (var insert = new HanaCommand("INSERT INTO QS_SYNC VALUES (?, ?)", connection))
        {
            var inserted = insert.ExecuteBatch(Enumerable.Range(1, 1000).Select(i => new object?[] { i, $"name {i}" }));
            Console.WriteLine($"Inserted {inserted} rows in one batch request.");
        }
        using (var transaction = connection.BeginTransaction())
        using (var delete = new HanaCommand("DELETE FROM QS_SYNC WHERE ID > ?", connection))
        {
            delete.Parameters.AddWithValue(10);
            Console.WriteLine($"Deleted {delete.ExecuteNonQuery()} rows in a transaction, then rolled back.");
            transaction.Rollback();
        }
        using var query = new HanaCommand("SELECT COUNT(*), MAX(NAME) FROM QS_SYNC", connection);
        using var reader = query.ExecuteReader();
        reader.Read();
        Console.WriteLine($"Table holds {reader.GetInt64(0)} rows; the largest name is '{reader.GetString(1)}'.");
        reader.Close();
        using var drop = new HanaCommand("DROP TABLE QS_SYNC", connection);
        drop.ExecuteNonQuery();
    }
}
