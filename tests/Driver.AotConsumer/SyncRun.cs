using Driver.Sync;

namespace Driver.AotConsumer;

/// <summary>The run on ManagedHana.Sync: every call blocks.</summary>
public static class SyncRun
{
    /// <summary>Creates <paramref name="table"/>, writes, rolls back, reads back; returns what was checked.</summary>
    public static string Run(string connectionString, string table)
    {
        using var connection = new HanaConnection(connectionString);
        connection.Open();
        Execute(connection, $"CREATE TABLE {table} (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), PRICE DECIMAL(10, 2))");
        Insert(connection, table, 0, Check.Rows, commit: true);
        Insert(connection, table, Check.Rows, Check.RolledBack, commit: false);

        using var query = new HanaCommand($"SELECT ID, NAME, PRICE FROM {table} ORDER BY ID", connection);
        var mapped = query.Query<Item>().ToList();
        var byReader = new List<Item>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                byReader.Add(reader.Map<Item>());
            }
        }
        using var count = new HanaCommand($"SELECT COUNT(*) FROM {table}", connection);
        var rows = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var summary = Check.Verify(mapped, byReader, rows, connectionString.IndexOf("Encrypt=true", StringComparison.OrdinalIgnoreCase) >= 0);
        Execute(connection, $"DROP TABLE {table}");
        return summary;
    }

    private static void Insert(HanaConnection connection, string table, int first, int count, bool commit)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = new HanaCommand($"INSERT INTO {table} VALUES (?, ?, ?)", connection) { Transaction = transaction };
        for (var i = first; i < first + count; i++)
        {
            var item = Check.Expected(i);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue(item.Id);
            insert.Parameters.AddWithValue(item.Name);
            insert.Parameters.AddWithValue(item.Price);
            insert.ExecuteNonQuery();
        }
        if (commit)
        {
            transaction.Commit();
        }
        else
        {
            transaction.Rollback();
        }
    }

    private static void Execute(HanaConnection connection, string sql)
    {
        using var command = new HanaCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
