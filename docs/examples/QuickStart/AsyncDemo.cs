using Driver.Async;

namespace QuickStart;

/// <summary>Driver.Async: every call that does I/O is awaited.</summary>
internal static class AsyncDemo
{
    public static async Task RunAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        Console.WriteLine("--- Driver.Async (awaited) ---");
        await using var connection = new HanaConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        Console.WriteLine($"Connected: {connection}");

        await using (var create = new HanaCommand("CREATE TABLE QS_ASYNC (ID INTEGER PRIMARY KEY, NAME NVARCHAR(30))", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new HanaCommand("INSERT INTO QS_ASYNC VALUES (?, ?)", connection))
        {
            var inserted = await insert.ExecuteBatchAsync(Enumerable.Range(1, 1000).Select(i => new object?[] { i, $"name {i}" }), cancellationToken);
            Console.WriteLine($"Inserted {inserted} rows in one batch request.");
        }
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        await using (var delete = new HanaCommand("DELETE FROM QS_ASYNC WHERE ID > ?", connection))
        {
            delete.Parameters.AddWithValue(10);
            Console.WriteLine($"Deleted {await delete.ExecuteNonQueryAsync(cancellationToken)} rows in a transaction, then rolled back.");
            await transaction.RollbackAsync(cancellationToken);
        }
        await using var query = new HanaCommand("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100000)", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
        }
        Console.WriteLine($"Read {rows} generated rows, fetched page by page without blocking a thread.");
        await reader.CloseAsync();
        await using var drop = new HanaCommand("DROP TABLE QS_ASYNC", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
