using System.Data;
using System.Data.Common;
using Dapper;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The Dapper package itself over both flavors: Driver.Sync through Dapper's synchronous API, Driver.Async through
/// its async API. Dapper's two APIs differ, so each flavor has its own body over the shared data set below.
/// </summary>
public class DapperTests : DriverTestBase
{
    public enum Status
    {
        New = 0,
        Shipped = 1,
        Lost = 2,
    }

    /// <summary>Dapper matches a record's constructor by column order, names and exact types (GetFieldType).</summary>
    public sealed record ItemRecord(int Id, string Name, decimal Price, DateTime Created, string? Note, long? Qty, Status Status);

    public sealed class ItemClass
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public decimal Price { get; set; }
        public DateTime Created { get; set; }
        public string? Note { get; set; }
        public long? Qty { get; set; }
        public Status Status { get; set; }
    }

    private const string Columns = "ID, NAME, PRICE, CREATED, NOTE, QTY, STATUS";
    private const string Create = "CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME NVARCHAR(40), PRICE DECIMAL(18,2), CREATED TIMESTAMP, NOTE NVARCHAR(40), QTY BIGINT, STATUS INTEGER)";
    private const string Insert = "INSERT INTO ITEMS VALUES (@Id, @Name, @Price, @Created, @Note, @Qty, @Status)";

    /// <summary>The shared data set: 25 rows, NULLs in every other NOTE / every third QTY, non-ASCII text.</summary>
    private static readonly ItemClass[] Items = Enumerable.Range(1, 25).Select(i => new ItemClass
    {
        Id = i,
        Name = i == 7 ? "Grüße 😀" : $"item {i}",
        Price = i * 1.25m - 0.01m,
        Created = new DateTime(2024, 2, 29, 13, 14, 15).AddDays(i).AddTicks(i * 1234567),
        Note = i % 2 == 0 ? null : $"note {i}",
        Qty = i % 3 == 0 ? null : i * 1_000_000_000L,
        Status = (Status)(i % 3),
    }).ToArray();

    private static void AssertItem(ItemClass expected, ItemRecord actual) =>
        Assert.Equal(new ItemRecord(expected.Id, expected.Name, expected.Price, expected.Created, expected.Note, expected.Qty, expected.Status), actual);

    private static void AssertItem(ItemClass expected, ItemClass actual) =>
        Assert.Equal(
            (expected.Id, expected.Name, expected.Price, expected.Created, expected.Note, expected.Qty, expected.Status),
            (actual.Id, actual.Name, actual.Price, actual.Created, actual.Note, actual.Qty, actual.Status));

    // ------------------------------------------------------------------ Driver.Sync, Dapper's synchronous API

    private global::Driver.Sync.HanaConnection OpenSync(string? extra = null) => (global::Driver.Sync.HanaConnection)Open(Flavor.Sync, extra).GetAwaiter().GetResult();

    [Fact]
    public void SyncQueriesRecordsAndClasses()
    {
        using var connection = OpenSync();
        connection.Execute(Create);
        Assert.Equal(Items.Length, connection.Execute(Insert, Items));

        var records = connection.Query<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID").ToList();
        Assert.Equal(Items.Length, records.Count);
        for (var i = 0; i < Items.Length; i++)
        {
            AssertItem(Items[i], records[i]);
        }
        var classes = connection.Query<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID > :low ORDER BY ID", new { low = 20 }).ToList();
        Assert.Equal(5, classes.Count);
        for (var i = 0; i < classes.Count; i++)
        {
            AssertItem(Items[20 + i], classes[i]);
        }

        var first = connection.QueryFirstOrDefault<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE NAME = @name", new { name = "Grüße 😀" });
        AssertItem(Items[6], first!);
        Assert.Null(connection.QueryFirstOrDefault<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID = @id", new { id = 999 }));
        Assert.Equal(Items.Sum(i => i.Price), connection.ExecuteScalar<decimal>("SELECT SUM(PRICE) FROM ITEMS"));
        Assert.Equal(Items.Length, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS"));
        Assert.Null(connection.ExecuteScalar<string>("SELECT NOTE FROM ITEMS WHERE ID = 2"));
    }

    [Fact]
    public void SyncListExpansionDynamicParametersNullsAndDbTypes()
    {
        using var connection = OpenSync();
        connection.Execute(Create);
        connection.Execute(Insert, Items);

        var ids = connection.Query<int>("SELECT ID FROM ITEMS WHERE ID IN @ids ORDER BY ID", new { ids = new[] { 3, 5, 8, 999 } }).ToList();
        Assert.Equal(new[] { 3, 5, 8 }, ids);
        var names = connection.Query<string>("SELECT NAME FROM ITEMS WHERE ID IN :ids ORDER BY ID", new { ids = new List<long> { 1, 2 } }).ToList();
        Assert.Equal(new[] { "item 1", "item 2" }, names);

        var parameters = new DynamicParameters();
        parameters.Add("name", "item 9", DbType.AnsiString, size: 40);
        parameters.Add("@minPrice", 1m, DbType.Decimal, ParameterDirection.Input);
        parameters.Add(":created", Items[8].Created, DbType.DateTime2);
        var found = connection.QuerySingle<ItemRecord>($"SELECT {Columns} FROM ITEMS WHERE NAME = @name AND PRICE > @minPrice AND CREATED = :created", parameters);
        AssertItem(Items[8], found);

        // NULL through a typed DynamicParameter and through a null property
        var update = new DynamicParameters(new { id = 1 });
        update.Add("note", null, DbType.String);
        Assert.Equal(1, connection.Execute("UPDATE ITEMS SET NOTE = @note, QTY = @qty WHERE ID = @id", new { id = 1, note = (string?)null, qty = (long?)null }));
        Assert.Equal(1, connection.Execute("UPDATE ITEMS SET NOTE = @note WHERE ID = @id", update));
        var row = connection.QuerySingle<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID = 1");
        Assert.Null(row.Note);
        Assert.Null(row.Qty);
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS WHERE ID = @id AND NOTE IS NULL", new { id = 1 }));
    }

    [Fact]
    public void SyncTransactionRollsBackAndCommits()
    {
        using var connection = OpenSync();
        connection.Execute(Create);
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(Insert, Items.Take(3), transaction);
            Assert.Equal(3, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS", transaction: transaction));
            transaction.Rollback();
        }
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS"));
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(Insert, Items.Take(2), transaction);
            transaction.Commit();
        }
        Assert.Equal(2, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS"));
    }

    [Fact]
    public void SyncUnbufferedQueryStreamsAndMayStopEarly()
    {
        // a small fetch size: the rows come in several pages while Dapper yields them
        using var connection = OpenSync("FetchSize=4");
        connection.Execute(Create);
        connection.Execute(Insert, Items);
        var streamed = connection.Query<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID", buffered: false);
        Assert.IsNotType<List<ItemRecord>>(streamed);
        var count = 0;
        foreach (var item in streamed)
        {
            AssertItem(Items[count], item);
            count++;
        }
        Assert.Equal(Items.Length, count);

        // stopping after a few rows leaves the cursor open on the server until Dapper disposes the reader
        foreach (var item in connection.Query<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID", buffered: false))
        {
            if (item.Id == 6)
            {
                break;
            }
        }
        Assert.Equal(Items.Length, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM ITEMS"));
    }

    [Fact]
    public void SyncDapperOpensAndClosesAClosedConnection()
    {
        using var connection = new global::Driver.Sync.HanaConnection(ConnectionString);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(42, connection.ExecuteScalar<int>("SELECT 42 FROM DUMMY"));
        Assert.Equal(new[] { 1, 2 }, connection.Query<int>("SELECT ID FROM (SELECT 1 AS ID FROM DUMMY UNION ALL SELECT 2 FROM DUMMY) ORDER BY ID"));
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    // ------------------------------------------------------------------ Driver.Async, Dapper's async API

    private async Task<global::Driver.Async.HanaConnection> OpenAsync(string? extra = null) => (global::Driver.Async.HanaConnection)await Open(Flavor.Async, extra);

    [Fact]
    public async Task AsyncQueriesRecordsAndClasses()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(Create);
        Assert.Equal(Items.Length, await connection.ExecuteAsync(Insert, Items));

        var records = (await connection.QueryAsync<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID")).ToList();
        Assert.Equal(Items.Length, records.Count);
        for (var i = 0; i < Items.Length; i++)
        {
            AssertItem(Items[i], records[i]);
        }
        var classes = (await connection.QueryAsync<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID > :low ORDER BY ID", new { low = 20 })).ToList();
        Assert.Equal(5, classes.Count);
        for (var i = 0; i < classes.Count; i++)
        {
            AssertItem(Items[20 + i], classes[i]);
        }

        var first = await connection.QueryFirstOrDefaultAsync<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE NAME = @name", new { name = "Grüße 😀" });
        AssertItem(Items[6], first!);
        Assert.Null(await connection.QueryFirstOrDefaultAsync<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID = @id", new { id = 999 }));
        Assert.Equal(Items.Sum(i => i.Price), await connection.ExecuteScalarAsync<decimal>("SELECT SUM(PRICE) FROM ITEMS"));
        Assert.Equal(Items.Length, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS"));
        Assert.Null(await connection.ExecuteScalarAsync<string>("SELECT NOTE FROM ITEMS WHERE ID = 2"));
    }

    [Fact]
    public async Task AsyncListExpansionDynamicParametersNullsAndDbTypes()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(Create);
        await connection.ExecuteAsync(Insert, Items);

        var ids = (await connection.QueryAsync<int>("SELECT ID FROM ITEMS WHERE ID IN @ids ORDER BY ID", new { ids = new[] { 3, 5, 8, 999 } })).ToList();
        Assert.Equal(new[] { 3, 5, 8 }, ids);
        var names = (await connection.QueryAsync<string>("SELECT NAME FROM ITEMS WHERE ID IN :ids ORDER BY ID", new { ids = new List<long> { 1, 2 } })).ToList();
        Assert.Equal(new[] { "item 1", "item 2" }, names);

        var parameters = new DynamicParameters();
        parameters.Add("name", "item 9", DbType.AnsiString, size: 40);
        parameters.Add("@minPrice", 1m, DbType.Decimal, ParameterDirection.Input);
        parameters.Add(":created", Items[8].Created, DbType.DateTime2);
        var found = await connection.QuerySingleAsync<ItemRecord>($"SELECT {Columns} FROM ITEMS WHERE NAME = @name AND PRICE > @minPrice AND CREATED = :created", parameters);
        AssertItem(Items[8], found);

        var update = new DynamicParameters(new { id = 1 });
        update.Add("note", null, DbType.String);
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE ITEMS SET NOTE = @note, QTY = @qty WHERE ID = @id", new { id = 1, note = (string?)null, qty = (long?)null }));
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE ITEMS SET NOTE = @note WHERE ID = @id", update));
        var row = await connection.QuerySingleAsync<ItemClass>($"SELECT {Columns} FROM ITEMS WHERE ID = 1");
        Assert.Null(row.Note);
        Assert.Null(row.Qty);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS WHERE ID = @id AND NOTE IS NULL", new { id = 1 }));
    }

    [Fact]
    public async Task AsyncTransactionRollsBackAndCommits()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(Create);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(Insert, Items.Take(3), transaction);
            Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS", transaction: transaction));
            await transaction.RollbackAsync();
        }
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS"));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(Insert, Items.Take(2), transaction);
            await transaction.CommitAsync();
        }
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS"));
    }

    [Fact]
    public async Task AsyncUnbufferedQueryStreamsAndMayStopEarly()
    {
        await using var connection = await OpenAsync("FetchSize=4");
        await connection.ExecuteAsync(Create);
        await connection.ExecuteAsync(Insert, Items);
        var count = 0;
        await foreach (var item in connection.QueryUnbufferedAsync<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID"))
        {
            AssertItem(Items[count], item);
            count++;
        }
        Assert.Equal(Items.Length, count);

        // stopping early while the next page may be prefetching: the connection stays usable for the next statement
        await foreach (var item in connection.QueryUnbufferedAsync<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID"))
        {
            if (item.Id == 6)
            {
                break;
            }
        }
        Assert.Equal(Items.Length, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS"));
        Assert.Equal(Items[24].Name, await connection.ExecuteScalarAsync<string>("SELECT NAME FROM ITEMS WHERE ID = @id", new { id = 25 }));
    }

    [Fact]
    public async Task AsyncFirstRowOfManyPagesDoesNotCancelTheNextStatement()
    {
        // Dapper leaves this reader after its first row while the next page is prefetching; whatever Dapper does
        // then (dispose, and in some of its paths Cancel first) must not touch the statement that follows (see
        // CancelBeforeDisposingAnUnfinishedReaderDoesNotCancelTheNextStatement for the timing)
        await using var connection = await OpenAsync("FetchSize=2;Pooling=false");
        await connection.ExecuteAsync(Create);
        await connection.ExecuteAsync(Insert, Items.Take(5));
        Server.Faults.ForConnection(connection.ConnectionId, new() { StallReply = TimeSpan.FromMilliseconds(400), StallCount = 3 });
        Server.Faults.ForNextConnection(new() { StallReply = TimeSpan.FromMilliseconds(300), StallCount = 2 });
        // EXECUTE (stalled), the prefetch (stalled), then the next statement (stalled)
        var first = await connection.QueryFirstAsync<ItemRecord>($"SELECT {Columns} FROM ITEMS ORDER BY ID");
        AssertItem(Items[0], first);
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ITEMS"));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task CancelBeforeDisposingAnUnfinishedReaderDoesNotCancelTheNextStatement(string name)
    {
        // what Dapper does with a reader it leaves before its end: Cancel, then Dispose. In Driver.Async the next
        // page is prefetching then; a cancel sent for it would reach the server late (the side connection is
        // slow here) and strike the caller's next statement instead
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=2;Pooling=false");
        await flavor.Execute(connection, Create);
        for (var i = 1; i <= 3; i++)
        {
            await flavor.Execute(connection, "INSERT INTO ITEMS (ID, NAME) VALUES (?, ?)", i, $"item {i}");
        }
        using (var command = flavor.Command(connection, "SELECT ID FROM ITEMS ORDER BY ID"))
        {
            var reader = await flavor.ExecuteReader(command);
            // the prefetch's reply and the next statement's reply take 400 ms each; a side connection's handshake 500 ms
            Server.Faults.ForConnection(flavor.ConnectionId(connection), new() { StallReply = TimeSpan.FromMilliseconds(400), StallCount = 2 });
            Server.Faults.ForNextConnection(new() { StallReply = TimeSpan.FromMilliseconds(250), StallCount = 2 });
            Assert.True(await flavor.Read(reader));
            command.Cancel();
            reader.Dispose();
        }
        Assert.Equal(3L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM ITEMS")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task GuidParametersGoAsTextOrSixteenBytesAndReadBack(string name)
    {
        // Dapper sends a Guid as it is (DbType.Guid); HANA has no GUID type
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE G (ID INTEGER, T NVARCHAR(36), B VARBINARY(16))");
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        await flavor.Execute(connection, "INSERT INTO G VALUES (?, ?, ?)", 1, guid, guid);
        using var command = flavor.Command(connection, "SELECT T, B FROM G");
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", reader.GetString(0));
        Assert.Equal(guid.ToByteArray(), reader.GetFieldValue<byte[]>(1));
        Assert.Equal(guid, reader.GetGuid(0));
        Assert.Equal(guid, reader.GetGuid(1));
        Assert.Equal(guid, reader.GetFieldValue<Guid>(0));
        Assert.Equal(guid, reader.GetFieldValue<Guid?>(1));
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Fact]
    public void SyncAnOutputParameterOfAStatementWithoutOneIsRefusedByName()
    {
        // OUT parameters are a procedure's (ProcedureTests); declared for a plain statement's marker, the mismatch is named
        using var connection = OpenSync();
        var parameters = new DynamicParameters();
        parameters.Add("result", dbType: DbType.Int32, direction: ParameterDirection.Output);
        var error = Assert.Throws<ArgumentException>(() => connection.Execute("SELECT 1 FROM DUMMY WHERE 1 = @result", parameters));
        Assert.Contains("'result' is declared Output", error.Message);
        // the connection is still usable
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT 1 FROM DUMMY"));
    }

    [Fact]
    public void SyncDynamicRowsAndGuidsThroughDapper()
    {
        using var connection = OpenSync();
        connection.Execute(Create);
        connection.Execute(Insert, Items.Take(3));
        var rows = connection.Query($"SELECT {Columns} FROM ITEMS ORDER BY ID").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, (int)rows[1].ID);
        Assert.Equal("item 2", (string)rows[1].NAME);
        Assert.Null((string?)rows[1].NOTE);
        Assert.Equal(Items[1].Price, (decimal)rows[1].PRICE);

        connection.Execute("CREATE TABLE G (ID INTEGER, T NVARCHAR(36))");
        var guid = Guid.NewGuid();
        connection.Execute("INSERT INTO G VALUES (@id, @guid)", new { id = 1, guid });
        Assert.Equal(guid.ToString(), connection.ExecuteScalar<string>("SELECT T FROM G WHERE T = @guid", new { guid }));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SingleRowYieldsOneRowAndPrefetchesNothing(string name)
    {
        // Dapper's QueryFirst* ask for CommandBehavior.SingleRow | SingleResult | SequentialAccess
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=2;Pooling=false");
        await flavor.Execute(connection, Create);
        for (var i = 1; i <= 5; i++)
        {
            await flavor.Execute(connection, "INSERT INTO ITEMS (ID, NAME) VALUES (?, ?)", i, $"item {i}");
        }
        const CommandBehavior behavior = CommandBehavior.SingleRow | CommandBehavior.SingleResult | CommandBehavior.SequentialAccess;
        using var command = flavor.Command(connection, "SELECT NAME, ID FROM ITEMS ORDER BY ID");
        var reader = flavor.IsAsync ? await command.ExecuteReaderAsync(behavior) : command.ExecuteReader(behavior);
        dynamic statistics = connection;
        statistics.ResetStatistics();
        Assert.True(await flavor.Read(reader));
        // SequentialAccess: any order is fine
        Assert.Equal(1, reader.GetInt32(1));
        Assert.Equal("item 1", reader.GetString(0));
        Assert.False(await flavor.Read(reader));
        Assert.False(await flavor.Read(reader));
        // neither a FETCHNEXT nor a prefetch of the second page after the EXECUTE
        Assert.Equal(0L, (long)statistics.GetStatistics().RoundTrips);
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Fact]
    public async Task AsyncDapperOpensAndClosesAClosedConnection()
    {
        await using var connection = new global::Driver.Async.HanaConnection(ConnectionString);
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(42, await connection.ExecuteScalarAsync<int>("SELECT 42 FROM DUMMY"));
        Assert.Equal(new[] { 1, 2 }, await connection.QueryAsync<int>("SELECT ID FROM (SELECT 1 AS ID FROM DUMMY UNION ALL SELECT 2 FROM DUMMY) ORDER BY ID"));
        Assert.Equal(ConnectionState.Closed, connection.State);
    }
}
