using System.Data;
using Dapper;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Driver.Tests.Docs;

/// <summary>
/// The examples of docs/code-examples.md: the markdown quotes the regions of this file verbatim (checked by
/// <see cref="CodeExampleTests"/>), so every example compiles and runs against the test server.
/// </summary>
public static class CodeExamples
{
    #region sync-query
    public static long SyncQuery(string connectionString)
    {
        using var connection = new Driver.Sync.HanaConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10)";
        using var reader = command.ExecuteReader();
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.GetInt64(0);
        }
        return sum;
    }
    #endregion

    #region async-query
    public static async Task<long> AsyncQuery(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new Driver.Async.HanaConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long sum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            sum += reader.GetInt64(0);
        }
        return sum;
    }
    #endregion

    #region sync-prepared-batch
    public static long SyncPreparedAndBatch(Driver.Sync.HanaConnection connection)
    {
        using var create = new Driver.Sync.HanaCommand("CREATE TABLE ITEMS (ID INTEGER, NAME NVARCHAR(20))", connection);
        create.ExecuteNonQuery();

        using var insert = new Driver.Sync.HanaCommand("INSERT INTO ITEMS VALUES (?, ?)", connection);
        var id = insert.Parameters.AddWithValue(0);
        var name = insert.Parameters.AddWithValue("");
        insert.Prepare();
        for (var i = 0; i < 3; i++)
        {
            id.Value = i;
            name.Value = $"item {i}";
            insert.ExecuteNonQuery();           // reuses the prepared statement
        }
        // many rows, one request
        return 3 + insert.ExecuteBatch(Enumerable.Range(3, 100).Select(i => new object?[] { i, $"item {i}" }));
    }
    #endregion

    #region async-prepared-batch
    public static async Task<long> AsyncPreparedAndBatch(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        await using var create = new Driver.Async.HanaCommand("CREATE TABLE ITEMS (ID INTEGER, NAME NVARCHAR(20))", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);

        await using var insert = new Driver.Async.HanaCommand("INSERT INTO ITEMS VALUES (?, ?)", connection);
        var id = insert.Parameters.AddWithValue(0);
        var name = insert.Parameters.AddWithValue("");
        await insert.PrepareAsync(cancellationToken);
        for (var i = 0; i < 3; i++)
        {
            id.Value = i;
            name.Value = $"item {i}";
            await insert.ExecuteNonQueryAsync(cancellationToken);   // reuses the prepared statement
        }
        // many rows, one request
        return 3 + await insert.ExecuteBatchAsync(Enumerable.Range(3, 100).Select(i => new object?[] { i, $"item {i}" }), cancellationToken);
    }
    #endregion

    #region sync-dbbatch
    public static int SyncDbBatch(Driver.Sync.HanaConnection connection)
    {
        using var create = new Driver.Sync.HanaCommand("CREATE TABLE BATCHED (ID INTEGER, NAME NVARCHAR(20))", connection);
        create.ExecuteNonQuery();

        using var batch = connection.CreateBatch();
        for (var i = 0; i < 10; i++)
        {
            var insert = batch.BatchCommands.Add("INSERT INTO BATCHED VALUES (:id, :name)");
            insert.Parameters.AddWithValue("id", i);
            insert.Parameters.AddWithValue("name", $"row {i}");
        }
        var inserted = batch.ExecuteNonQuery();    // same text: PREPARE + ONE EXECUTE with 10 rows
        // batch.BatchCommands[i].RecordsAffected == 1 for each row

        using var mixed = connection.CreateBatch();  // different statements: run one after another
        mixed.BatchCommands.Add("DELETE FROM BATCHED WHERE ID >= ?").Parameters.AddWithValue(5);
        mixed.BatchCommands.Add("SELECT COUNT(*) FROM BATCHED");
        var remaining = Convert.ToInt32(mixed.ExecuteScalar());   // the first query's first value
        return inserted + remaining;
    }
    #endregion

    #region async-dbbatch
    public static async Task<int> AsyncDbBatch(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        await using var create = new Driver.Async.HanaCommand("CREATE TABLE BATCHED (ID INTEGER, NAME NVARCHAR(20))", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);

        await using var batch = connection.CreateBatch();
        for (var i = 0; i < 10; i++)
        {
            var insert = batch.BatchCommands.Add("INSERT INTO BATCHED VALUES (:id, :name)");
            insert.Parameters.AddWithValue("id", i);
            insert.Parameters.AddWithValue("name", $"row {i}");
        }
        var inserted = await batch.ExecuteNonQueryAsync(cancellationToken);   // PREPARE + ONE EXECUTE with 10 rows

        await using var mixed = connection.CreateBatch();  // different statements: run one after another
        mixed.BatchCommands.Add("DELETE FROM BATCHED WHERE ID >= ?").Parameters.AddWithValue(5);
        mixed.BatchCommands.Add("SELECT COUNT(*) FROM BATCHED");
        var remaining = Convert.ToInt32(await mixed.ExecuteScalarAsync(cancellationToken));
        return inserted + remaining;
    }
    #endregion

    #region sync-transaction
    public static void SyncTransaction(Driver.Sync.HanaConnection connection)
    {
        using var transaction = connection.BeginTransaction();   // statements stop auto-committing
        using var command = new Driver.Sync.HanaCommand("DELETE FROM ITEMS WHERE ID >= ?", connection);
        command.Parameters.AddWithValue(50);
        command.ExecuteNonQuery();
        transaction.Rollback();                                    // or Commit(); Dispose rolls back
    }
    #endregion

    #region async-transaction
    public static async Task AsyncTransaction(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new Driver.Async.HanaCommand("DELETE FROM ITEMS WHERE ID >= ?", connection);
        command.Parameters.AddWithValue(50);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.RollbackAsync(cancellationToken);      // or CommitAsync; DisposeAsync rolls back
    }
    #endregion

    #region sync-lob
    public static (byte[] Blob, string Text) SyncLob(Driver.Sync.HanaConnection connection, byte[] blob, string text)
    {
        using var create = new Driver.Sync.HanaCommand("CREATE TABLE DOCS (B BLOB, N NCLOB)", connection);
        create.ExecuteNonQuery();
        using var insert = new Driver.Sync.HanaCommand("INSERT INTO DOCS VALUES (?, ?)", connection);
        insert.Parameters.AddWithValue(blob);
        insert.Parameters.AddWithValue(text);
        insert.ExecuteNonQuery();

        using var select = new Driver.Sync.HanaCommand("SELECT B, N FROM DOCS", connection);
        using var reader = select.ExecuteReader();
        reader.Read();
        using var bytes = new MemoryStream();
        using (var stream = reader.GetStream(0))               // READLOB chunk by chunk
        {
            stream.CopyTo(bytes);
        }
        using var textReader = reader.GetTextReader(1);
        return (bytes.ToArray(), textReader.ReadToEnd());
    }
    #endregion

    #region async-lob
    public static async Task<(byte[] Blob, string Text)> AsyncLob(Driver.Async.HanaConnection connection, byte[] blob, string text, CancellationToken cancellationToken = default)
    {
        await using var create = new Driver.Async.HanaCommand("CREATE TABLE DOCS (B BLOB, N NCLOB)", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = new Driver.Async.HanaCommand("INSERT INTO DOCS VALUES (?, ?)", connection);
        insert.Parameters.AddWithValue(blob);
        insert.Parameters.AddWithValue(text);
        await insert.ExecuteNonQueryAsync(cancellationToken);

        await using var select = new Driver.Async.HanaCommand("SELECT B, N FROM DOCS", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        using var bytes = new MemoryStream();
        await using (var stream = reader.GetStream(0))         // READLOB chunk by chunk, never blocking
        {
            await stream.CopyToAsync(bytes, cancellationToken);
        }
        using var textReader = reader.GetTextReader(1);
        return (bytes.ToArray(), await textReader.ReadToEndAsync(cancellationToken));
    }
    #endregion

    #region sync-pooling
    public static int SyncPooling(string connectionString)
    {
        // Pooling=true is the default; the pool is per connection string
        var pooled = connectionString + ";Max Pool Size=20;Min Pool Size=0;Connect Timeout=15;Connection Lifetime=600";
        int firstId;
        using (var connection = new Driver.Sync.HanaConnection(pooled))
        {
            connection.Open();                                   // rents a session (waits up to Connect Timeout at Max Pool Size)
            firstId = connection.ConnectionId;
        }                                                        // Dispose resets it (rollback, releases) and returns it
        using var again = new Driver.Sync.HanaConnection(pooled);
        again.Open();                                            // the same physical session
        return again.ConnectionId == firstId ? firstId : -1;
    }
    #endregion

    #region async-pooling
    public static async Task<int> AsyncPooling(string connectionString, CancellationToken cancellationToken = default)
    {
        // Pooling=true is the default; the pool is per connection string
        var pooled = connectionString + ";Max Pool Size=20;Min Pool Size=0;Connect Timeout=15;Connection Lifetime=600";
        int firstId;
        await using (var connection = new Driver.Async.HanaConnection(pooled))
        {
            await connection.OpenAsync(cancellationToken);       // rents a session (awaits up to Connect Timeout at Max Pool Size)
            firstId = connection.ConnectionId;
        }                                                        // DisposeAsync awaits the reset and returns it
        await using var again = new Driver.Async.HanaConnection(pooled);
        await again.OpenAsync(cancellationToken);                // the same physical session
        return again.ConnectionId == firstId ? firstId : -1;
    }
    #endregion

    #region sync-statistics
    public static Driver.Sync.HanaConnectionStatistics SyncStatistics(Driver.Sync.HanaConnection connection)
    {
        connection.ResetStatistics();
        using var command = new Driver.Sync.HanaCommand("SELECT REPEAT('x', 10000) FROM DUMMY", connection);
        command.ExecuteScalar();
        var statistics = connection.GetStatistics();            // a snapshot: round trips, bytes before/after LZ4
        Console.WriteLine($"{statistics.RoundTrips} round trip(s), {statistics.BytesReceived} of {statistics.BytesReceivedUncompressed} bytes on the wire");
        return statistics;
    }
    #endregion

    #region async-statistics
    public static async Task<Driver.Async.HanaConnectionStatistics> AsyncStatistics(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        connection.ResetStatistics();
        await using var command = new Driver.Async.HanaCommand("SELECT REPEAT('x', 10000) FROM DUMMY", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        var statistics = connection.GetStatistics();            // a snapshot: round trips, bytes before/after LZ4
        Console.WriteLine($"{statistics.RoundTrips} round trip(s), {statistics.BytesReceived} of {statistics.BytesReceivedUncompressed} bytes on the wire");
        return statistics;
    }
    #endregion

    #region sync-lob-stream
    public static string SyncStreamLob(Driver.Sync.HanaConnection connection, Stream source, TextReader text, Stream destination)
    {
        using var create = new Driver.Sync.HanaCommand("CREATE TABLE FILES (B BLOB, N NCLOB)", connection);
        create.ExecuteNonQuery();
        using var insert = new Driver.Sync.HanaCommand("INSERT INTO FILES VALUES (?, ?)", connection);
        insert.Parameters.AddWithValue(source);                // sent chunk by chunk (EXECUTE, then WRITELOB)
        insert.Parameters.AddWithValue(text);                  // TextReader for CLOB / NCLOB
        insert.ExecuteNonQuery();                              // auto-commit: COMMIT after the last chunk

        using var select = new Driver.Sync.HanaCommand("SELECT B, N FROM FILES", connection);
        using var reader = select.ExecuteReader();
        reader.Read();
        using (var stream = reader.GetStream(0))
        {
            stream.CopyTo(destination);                        // never the whole value in memory
        }
        using var textReader = reader.GetTextReader(1);
        return textReader.ReadToEnd();
    }
    #endregion

    #region async-lob-stream
    public static async Task<string> AsyncStreamLob(Driver.Async.HanaConnection connection, Stream source, TextReader text, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var create = new Driver.Async.HanaCommand("CREATE TABLE FILES (B BLOB, N NCLOB)", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = new Driver.Async.HanaCommand("INSERT INTO FILES VALUES (?, ?)", connection);
        insert.Parameters.AddWithValue(source);                // read with ReadAsync, sent chunk by chunk
        insert.Parameters.AddWithValue(text);                  // TextReader for CLOB / NCLOB
        await insert.ExecuteNonQueryAsync(cancellationToken);  // auto-commit: COMMIT after the last chunk

        await using var select = new Driver.Async.HanaCommand("SELECT B, N FROM FILES", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        await using (var stream = reader.GetStream(0))
        {
            await stream.CopyToAsync(destination, cancellationToken);
        }
        using var textReader = reader.GetTextReader(1);
        return await textReader.ReadToEndAsync(cancellationToken);
    }
    #endregion

    #region sync-dependency-injection
    public static string SyncDependencyInjection(string connectionString)
    {
        var services = new ServiceCollection();
        // with `using Driver.Sync;` this reads services.AddHanaDataSource(connectionString)
        Driver.Sync.HanaServiceCollectionExtensions.AddHanaDataSource(services, connectionString);
        using var provider = services.BuildServiceProvider();

        using var scope = provider.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<Driver.Sync.HanaConnection>();
        connection.Open();                                  // rented from the data source's pool
        using var command = new Driver.Sync.HanaCommand("SELECT * FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;
    }                                                       // the scope disposes the connection: back to the pool
    #endregion

    #region async-dependency-injection
    public static async Task<string> AsyncDependencyInjection(string connectionString, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        // with `using Driver.Async;` this reads services.AddHanaDataSource(connectionString)
        Driver.Async.HanaServiceCollectionExtensions.AddHanaDataSource(services, connectionString);
        await using var provider = services.BuildServiceProvider();

        var dataSource = provider.GetRequiredService<Driver.Async.HanaDataSource>();   // one per application
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new Driver.Async.HanaCommand("SELECT * FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
    #endregion

    #region mapping-types
    public sealed record Item(int Id, string Name);           // positional constructor: parameters matched by name

    public sealed class ItemRow                              // or settable / init properties
    {
        public int Id { get; init; }
        public string? Name { get; init; }
    }
    #endregion

    #region sync-mapping
    public static List<Item> SyncMapping(Driver.Sync.HanaConnection connection)
    {
        using var command = new Driver.Sync.HanaCommand("SELECT ID, NAME FROM ITEMS WHERE ID < :limit ORDER BY ID", connection);
        command.Parameters.AddWithValue("limit", 5);
        var items = command.Query<Item>().ToList();          // runs, maps every row, disposes the reader

        using var reader = command.ExecuteReader();          // or map the current row of a reader you drive
        while (reader.Read())
        {
            var row = reader.Map<ItemRow>();                 // compiled once per type and column shape
            Console.WriteLine($"{row.Id}: {row.Name}");
        }
        return items;
    }
    #endregion

    #region async-mapping
    public static async Task<List<Item>> AsyncMapping(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new Driver.Async.HanaCommand("SELECT ID, NAME FROM ITEMS WHERE ID < :limit ORDER BY ID", connection);
        command.Parameters.AddWithValue("limit", 5);
        var items = new List<Item>();
        await foreach (var item in command.QueryAsync<Item>(cancellationToken))   // IAsyncEnumerable<Item>
        {
            items.Add(item);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = reader.Map<ItemRow>();                 // maps the current row; no I/O
            Console.WriteLine($"{row.Id}: {row.Name}");
        }
        return items;
    }
    #endregion

    #region sync-dapper
    public static int SyncDapper(Driver.Sync.HanaConnection connection)
    {
        var items = connection.Query<Item>("SELECT ID, NAME FROM ITEMS WHERE ID IN @ids ORDER BY ID", new { ids = new[] { 1, 2, 3 } });
        // a list of parameter objects runs the statement once per object
        return connection.Execute("UPDATE ITEMS SET NAME = @Name WHERE ID = @Id", items.Select(i => i with { Name = i.Name.ToUpperInvariant() }));
    }
    #endregion

    #region async-dapper
    public static async Task<int> AsyncDapper(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        var items = await connection.QueryAsync<Item>(new CommandDefinition(
            "SELECT ID, NAME FROM ITEMS WHERE ID IN @ids ORDER BY ID", new { ids = new[] { 1, 2, 3 } }, cancellationToken: cancellationToken));
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ITEMS SET NAME = @Name WHERE ID = @Id", items.Select(i => i with { Name = i.Name.ToUpperInvariant() }), cancellationToken: cancellationToken));
    }
    #endregion

    #region procedure-definition
    public const string OrderReport = """
        CREATE PROCEDURE ORDER_REPORT (IN MIN_AMOUNT DECIMAL(10,2), OUT TOTAL DECIMAL(12,2), INOUT TAG NVARCHAR(40),
            OUT BIG TABLE (ID INTEGER, AMOUNT DECIMAL(10,2))) AS
        BEGIN
            SELECT SUM(AMOUNT) INTO TOTAL FROM ORDERS;
            TAG := :TAG || ' checked';
            BIG = SELECT ID, AMOUNT FROM ORDERS WHERE AMOUNT >= :MIN_AMOUNT ORDER BY ID;
            SELECT COUNT(*) AS ORDER_COUNT FROM ORDERS;
        END
        """;
    #endregion

    #region sync-procedure
    public static (decimal Total, string Tag, List<int> BigIds, long Count) SyncProcedure(Driver.Sync.HanaConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandType = CommandType.StoredProcedure;   // runs CALL ORDER_REPORT(MIN_AMOUNT => ?, TOTAL => ?, TAG => ?, BIG => ?)
        command.CommandText = "ORDER_REPORT";
        command.Parameters.AddWithValue("MIN_AMOUNT", 50m);
        var total = command.Parameters.Add(new Driver.Sync.HanaParameter("TOTAL", null) { Direction = ParameterDirection.Output });
        var tag = command.Parameters.Add(new Driver.Sync.HanaParameter("TAG", "report") { Direction = ParameterDirection.InputOutput });
        command.Parameters.Add(new Driver.Sync.HanaParameter("BIG", null) { Direction = ParameterDirection.Output });   // the table's marker

        using var reader = command.ExecuteReader();          // the OUT values are set now, before the rows are read
        var bigIds = new List<int>();
        while (reader.Read())                                // first result set: the OUT table BIG
        {
            bigIds.Add(reader.GetInt32(0));
        }
        reader.NextResult();                                 // then the dynamic result set (the bare SELECT)
        reader.Read();
        return ((decimal)total.Value!, (string)tag.Value!, bigIds, reader.GetInt64(0));
    }
    #endregion

    #region async-procedure
    public static async Task<(decimal Total, string Tag, List<int> BigIds, long Count)> AsyncProcedure(Driver.Async.HanaConnection connection,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "ORDER_REPORT";
        command.CommandType = CommandType.StoredProcedure;
        await Driver.Async.HanaCommandBuilder.DeriveParametersAsync(command, cancellationToken);   // MIN_AMOUNT, TOTAL, TAG, BIG from the catalog
        command.Parameters[0].Value = 50m;
        command.Parameters[2].Value = "report";

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bigIds = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bigIds.Add(reader.GetInt32(0));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((decimal)command.Parameters[1].Value!, (string)command.Parameters[2].Value!, bigIds, reader.GetInt64(0));
    }
    #endregion

    #region sync-telemetry
    public static string SyncTelemetry(string connectionString, ILoggerFactory loggerFactory, ICollection<Activity> exported)
    {
        // once at startup; an application adds its OTLP (or other) exporter where the in-memory one is
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Driver.Sync.HanaTelemetry.ActivitySourceName)
            .AddInMemoryExporter(exported)
            .Build();
        using var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(Driver.Sync.HanaTelemetry.MeterName, Driver.Sync.HanaTelemetry.PoolMeterName)
            .Build();

        using var dataSource = Driver.Sync.HanaDataSource.CreateBuilder(connectionString)
            .UseLoggerFactory(loggerFactory)                // connection and command logs
            .EnableStatementTextInTraces()                  // db.query.text: off unless asked for
            .Build();
        using var connection = dataSource.OpenConnection(); // span "OPEN"
        using var command = new Driver.Sync.HanaCommand("SELECT * FROM DUMMY", connection);
        return (string)command.ExecuteScalar()!;            // span "SELECT", db.client.operation.duration
    }
    #endregion

    #region async-telemetry
    public static async Task<string> AsyncTelemetry(string connectionString, ILoggerFactory loggerFactory, ICollection<Activity> exported, CancellationToken cancellationToken = default)
    {
        // once at startup; an application adds its OTLP (or other) exporter where the in-memory one is
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Driver.Async.HanaTelemetry.ActivitySourceName)
            .AddInMemoryExporter(exported)
            .Build();
        using var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(Driver.Async.HanaTelemetry.MeterName, Driver.Async.HanaTelemetry.PoolMeterName)
            .Build();

        await using var dataSource = Driver.Async.HanaDataSource.CreateBuilder(connectionString)
            .UseLoggerFactory(loggerFactory)                // connection and command logs
            .EnableStatementTextInTraces()                  // db.query.text: off unless asked for
            .Build();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);  // span "OPEN"
        await using var command = new Driver.Async.HanaCommand("SELECT * FROM DUMMY", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;  // span "SELECT", db.client.operation.duration
    }
    #endregion

    #region sync-batch-failure
    public static IReadOnlyList<int> SyncBatchFailure(Driver.Sync.HanaConnection connection)
    {
        using var command = new Driver.Sync.HanaCommand("INSERT INTO CODES VALUES (?)", connection);
        try
        {
            command.ExecuteBatch([[1], [2], [1], [3]]);   // row 2 repeats row 0's primary key
            return [];
        }
        catch (Driver.Sync.HanaBatchException e)         // a HanaException: Code, SqlState, Message of the first failed row
        {
            foreach (var error in e.Errors)
            {
                Console.WriteLine($"row {error.RowIndex}: {error.Code} {error.Message}");
            }
            return e.RowsAffected;                       // [1, 1, -3, 1]: rows 0, 1 and 3 ran (and committed)
        }
    }
    #endregion

    #region async-batch-failure
    public static async Task<IReadOnlyList<int>> AsyncBatchFailure(Driver.Async.HanaConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new Driver.Async.HanaCommand("INSERT INTO CODES VALUES (?)", connection);
        try
        {
            await command.ExecuteBatchAsync([[1], [2], [1], [3]], cancellationToken);
            return [];
        }
        catch (Driver.Async.HanaBatchException e)
        {
            foreach (var error in e.Errors)
            {
                Console.WriteLine($"row {error.RowIndex}: {error.Code} {error.Message}");
            }
            return e.RowsAffected;
        }
    }
    #endregion
}
