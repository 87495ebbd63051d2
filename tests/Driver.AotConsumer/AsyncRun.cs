using Driver.Async;

namespace Driver.AotConsumer;

/// <summary>The run on ManagedHana.Async: every I/O call is awaited.</summary>
public static class AsyncRun
{
    /// <summary>Creates <paramref name="table"/>, writes, rolls back, reads back; returns what was checked.</summary>
    public static async Task<string> RunAsync(string connectionString, string table)
    {
        await using var connection = new HanaConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"CREATE TABLE {table} (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), PRICE DECIMAL(10, 2))");
        await InsertAsync(connection, table, 0, Check.Rows, commit: true);
        await InsertAsync(connection, table, Check.Rows, Check.RolledBack, commit: false);

        await using var query = new HanaCommand($"SELECT ID, NAME, PRICE FROM {table} ORDER BY ID", connection);
        var mapped = new List<Item>();
        await foreach (var item in query.QueryAsync<Item>())
        {
            mapped.Add(item);
        }
        var byReader = new List<Item>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byReader.Add(reader.Map<Item>());
            }
        }
        await using var count = new HanaCommand($"SELECT COUNT(*) FROM {table}", connection);
        var rows = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var summary = Check.Verify(mapped, byReader, rows, connectionString.IndexOf("Encrypt=true", StringComparison.OrdinalIgnoreCase) >= 0);
        await ExecuteAsync(connection, $"DROP TABLE {table}");
        return summary;
    }

    private static async Task InsertAsync(HanaConnection connection, string table, int first, int count, bool commit)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new HanaCommand($"INSERT INTO {table} VALUES (?, ?, ?)", connection) { Transaction = transaction };
        for (var i = first; i < first + count; i++)
        {
            var item = Check.Expected(i);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue(item.Id);
            insert.Parameters.AddWithValue(item.Name);
            insert.Parameters.AddWithValue(item.Price);
            await insert.ExecuteNonQueryAsync();
        }
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private static async Task ExecuteAsync(HanaConnection connection, string sql)
    {
        await using var command = new HanaCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
