using System.Data;
using System.Data.Common;
using System.Reflection;

namespace Driver.Tests.PublicApi;

/// <summary>
/// A command reuses the reader it returned last, with its cursor and page, once the caller has closed it
/// (docs/architecture.md, "Reader reuse"): these are the ways a caller can meet that reuse, each of which must read
/// what a new reader would, and release every cursor exactly once.
/// </summary>
public class ReaderReuseTests : DriverTestBase
{
    private const string PointSql = "SELECT ID, NAME FROM R WHERE ID = ?";

    private async Task<(Flavor Flavor, DbConnection Connection)> Table(string name, string? extra = null)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, extra ?? "Pooling=false");
        await flavor.Execute(connection, "CREATE COLUMN TABLE R (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20), AMOUNT DECIMAL(18,2), CREATED TIMESTAMP)");
        using var insert = flavor.Command(connection, "INSERT INTO R VALUES (?, ?, ?, ?)", 0, "", 0m, DateTime.MinValue);
        var rows = Enumerable.Range(1, 10).Select(i => new object?[] { i, "name " + i, i * 1.5m, new DateTime(2024, 1, i, 0, 0, 0, DateTimeKind.Unspecified) }).ToList();
        Assert.Equal(10L, await flavor.ExecuteBatch(insert, rows));
        return (flavor, connection);
    }

    /// <summary>CLOSERESULTSET requests queued for the connection's next request (the release of a closed cursor).</summary>
    private static int PendingReleases(DbConnection connection)
    {
        var core = connection.GetType().GetProperty("Core", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(connection)!;
        return (int)core.GetType().GetProperty("PendingReleaseCount")!.GetValue(core)!;
    }

    private static async Task<string> Name(Flavor flavor, DbCommand command, int id)
    {
        command.Parameters[0].Value = id;
        var reader = await flavor.ExecuteReader(command);
        try
        {
            Assert.True(await flavor.Read(reader));
            Assert.Equal(id, reader.GetInt32(0));
            var value = reader.GetString(1);
            Assert.False(await flavor.Read(reader));
            return value;
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AClosedReaderIsReusedAndReleasesEachCursorOnce(string name)
    {
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, PointSql, 1);
        await flavor.Prepare(command);
        DbDataReader? first = null;
        for (var id = 1; id <= 10; id++)
        {
            command.Parameters[0].Value = id;
            var reader = await flavor.ExecuteReader(command);
            // the closed reader of the previous execution is the one returned (the one allocation it saves)
            first ??= reader;
            Assert.Same(first, reader);
            Assert.False(reader.IsClosed);
            Assert.True(reader.HasRows);
            Assert.Equal(-1, reader.RecordsAffected);
            Assert.True(await flavor.Read(reader));
            Assert.Equal("name " + id, reader.GetString(1));
            await flavor.CloseReader(reader);
            // the server closed the cursor with its last page (RESULTSETCLOSED): nothing to release, now or later
            Assert.Equal(0, PendingReleases(connection));
        }
        // a cursor left open between pages: exactly one CLOSERESULTSET per execution, none left over from the one before
        command.CommandText = "SELECT ID FROM R WHERE ID >= ? ORDER BY ID";
        ((dynamic)command).FetchSize = 3;
        command.Parameters[0].Value = 1;
        for (var round = 0; round < 3; round++)
        {
            var reader = await flavor.ExecuteReader(command);
            Assert.Same(first, reader);
            Assert.True(await flavor.Read(reader));
            await flavor.CloseReader(reader);
            // Driver.Async: the prefetch in flight releases the cursor once its page is in
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (PendingReleases(connection) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
            Assert.Equal(1, PendingReleases(connection));
        }
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = " + flavor.ConnectionId(connection))));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ExecutingAgainWhileTheReaderIsOpenGivesANewReaderAndLeavesTheOpenOneIntact(string name)
    {
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, PointSql, 2);
        var open = await flavor.ExecuteReader(command);
        command.Parameters[0].Value = 3;
        var second = await flavor.ExecuteReader(command);
        Assert.NotSame(open, second);
        Assert.True(await flavor.Read(second));
        Assert.Equal("name 3", second.GetString(1));
        // a third execution, the second reader still open too
        Assert.Equal("name 4", await Name(flavor, command, 4));
        Assert.False(open.IsClosed);
        Assert.True(await flavor.Read(open));
        Assert.Equal(2, open.GetInt32(0));
        Assert.Equal("name 2", open.GetString(1));
        Assert.False(await flavor.Read(second));
        await flavor.CloseReader(second);
        await flavor.CloseReader(open);
        Assert.True(open.IsClosed);
        Assert.Equal("name 5", await Name(flavor, command, 5));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AReaderUsedAfterItWasDisposedThrows(string name)
    {
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, PointSql, 6);
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        await flavor.CloseReader(reader);
        Assert.True(reader.IsClosed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Read(reader));
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetString(1));
        Assert.Throws<InvalidOperationException>(() => reader.NextResult());
        // disposing again releases nothing (the server closed the cursor with its one page)
        await flavor.CloseReader(reader);
        Assert.Equal(0, PendingReleases(connection));
        // a disposed reader stays closed when another command runs on the connection
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => flavor.Read(reader));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AReusedReaderDescribesTheNewColumnsWhenTheTextChanges(string name)
    {
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, PointSql, 7);
        var reader = await flavor.ExecuteReader(command);
        Assert.Equal(2, reader.FieldCount);
        Assert.Equal(2, reader.GetSchemaTable()!.Rows.Count);
        Assert.Equal(2, reader.GetColumnSchema().Count);
        Assert.True(await flavor.Read(reader));
        await flavor.CloseReader(reader);

        command.CommandText = "SELECT AMOUNT, CREATED, NAME FROM R WHERE ID = ? ORDER BY ID";
        var other = await flavor.ExecuteReader(command);
        Assert.Same(reader, other);
        Assert.Equal(3, other.FieldCount);
        Assert.Equal(["AMOUNT", "CREATED", "NAME"], Enumerable.Range(0, 3).Select(other.GetName));
        Assert.Equal([typeof(decimal), typeof(DateTime), typeof(string)], Enumerable.Range(0, 3).Select(other.GetFieldType));
        var schema = other.GetSchemaTable()!;
        Assert.Equal(3, schema.Rows.Count);
        Assert.Equal("CREATED", schema.Rows[1][SchemaTableColumn.ColumnName]);
        Assert.Equal(["AMOUNT", "CREATED", "NAME"], other.GetColumnSchema().Select(column => column.ColumnName));
        Assert.Equal(1, other.GetOrdinal("created"));
        Assert.True(await flavor.Read(other));
        Assert.Equal(10.5m, other.GetDecimal(0));
        Assert.Equal(new DateTime(2024, 1, 7), other.GetDateTime(1));
        Assert.Equal("name 7", other.GetString(2));
        Assert.False(await flavor.Read(other));
        await flavor.CloseReader(other);

        // a statement that returns no rows, then one without parameters (EXECUTEDIRECT) over the whole table
        command.CommandText = "SELECT ID FROM R WHERE ID = ?";
        command.Parameters[0].Value = 99;
        var none = await flavor.ExecuteReader(command);
        Assert.False(none.HasRows);
        Assert.Equal(1, none.FieldCount);
        Assert.False(await flavor.Read(none));
        await flavor.CloseReader(none);
        command.Parameters.Clear();
        command.CommandText = "SELECT ID, NAME, AMOUNT, CREATED FROM R ORDER BY ID";
        var all = await flavor.ExecuteReader(command);
        Assert.Equal(4, all.FieldCount);
        var ids = new List<int>();
        while (await flavor.Read(all))
        {
            ids.Add(all.GetInt32(0));
        }
        Assert.Equal(Enumerable.Range(1, 10), ids);
        await flavor.CloseReader(all);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AReusedReaderMapsRowsOfTheNewShape(string name)
    {
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, "SELECT ID, NAME FROM R WHERE ID = ?", 8);
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal(new IdAndName(8, "name 8"), Map<IdAndName>(reader));
        await flavor.CloseReader(reader);
        command.CommandText = "SELECT NAME, AMOUNT FROM R WHERE ID = ?";
        reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal(new NameAndAmount("name 8", 12m), Map<NameAndAmount>(reader));
        // the same type over another column order: the mapper is the one of this shape, not the previous result's
        await flavor.CloseReader(reader);
        command.CommandText = "SELECT AMOUNT, NAME FROM R WHERE ID = ?";
        reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.Equal(new NameAndAmount("name 8", 12m), Map<NameAndAmount>(reader));
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    public sealed record IdAndName(int Id, string Name);

    public sealed record NameAndAmount(string Name, decimal Amount);

    private static T Map<T>(DbDataReader reader) => reader switch
    {
        global::Driver.Sync.HanaDataReader sync => sync.Map<T>(),
        global::Driver.Async.HanaDataReader async => async.Map<T>(),
        _ => throw new InvalidOperationException(),
    };

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AnExceptionInTheMiddleOfReadingThenExecutingAgain(string name)
    {
        // FetchSize 3: the reader is between pages (Driver.Sync: a FETCHNEXT sent ahead; Driver.Async: a prefetch)
        var (flavor, connection) = await Table(name, "Pooling=false;FetchSize=3");
        using var command = flavor.Command(connection, "SELECT ID, NAME FROM R WHERE ID >= ? ORDER BY ID", 1);
        for (var round = 0; round < 3; round++)
        {
            var reader = await flavor.ExecuteReader(command);
            try
            {
                Assert.True(await flavor.Read(reader));
                Assert.True(await flavor.Read(reader));
                // the caller's mistake, in the middle of the result: the reader is disposed by its using
                Assert.Throws<InvalidCastException>(() => reader.GetInt32(1));
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
            var again = await flavor.ExecuteReader(command);
            var ids = new List<int>();
            while (await flavor.Read(again))
            {
                ids.Add(again.GetInt32(0));
            }
            Assert.Equal(Enumerable.Range(1, 10), ids);
            await flavor.CloseReader(again);
        }
        // a failed execution (a server error) of the same command between two: the closed reader serves the next one
        var one = await flavor.ExecuteReader(command);
        await flavor.CloseReader(one);
        command.CommandText = "SELECT ID FROM NO_SUCH_TABLE WHERE ID = ?";
        await Assert.ThrowsAnyAsync<DbException>(() => flavor.ExecuteReader(command));
        command.CommandText = PointSql;
        Assert.Equal("name 9", await Name(flavor, command, 9));
        var reused = await flavor.ExecuteReader(command);
        Assert.Same(one, reused);
        await flavor.CloseReader(reused);
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = " + flavor.ConnectionId(connection))));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ReuseKeepsBehaviorsAndNonQueries(string name)
    {
        // DbCommand.ExecuteReaderAsync: awaited in Driver.Async, run synchronously by Driver.Sync (ADO.NET's default)
        var (flavor, connection) = await Table(name);
        using var command = flavor.Command(connection, PointSql, 1);
        // a scalar, a reader, a non-query of the same command: each on the closed reader of the one before
        Assert.Equal(1, Convert.ToInt32(await flavor.ExecuteScalar(command)));
        Assert.Equal("name 1", await Name(flavor, command, 1));
        Assert.Equal(-1, await flavor.ExecuteNonQuery(command));
        Assert.Equal(0, PendingReleases(connection));
        Assert.Equal("name 2", await Name(flavor, command, 2));
        // CloseConnection: the reused reader closes the connection of its own execution
        var reader = await command.ExecuteReaderAsync(CommandBehavior.CloseConnection);
        Assert.True(await flavor.Read(reader));
        await flavor.CloseReader(reader);
        Assert.Equal(ConnectionState.Closed, connection.State);
        await flavor.Open(connection);
        Assert.Equal("name 3", await Name(flavor, command, 3));
        // SingleRow on a multi-row text: one row, and the next execution reads them all
        command.CommandText = "SELECT ID FROM R WHERE ID >= ? ORDER BY ID";
        command.Parameters[0].Value = 1;
        reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow);
        Assert.True(await flavor.Read(reader));
        Assert.False(await flavor.Read(reader));
        await flavor.CloseReader(reader);
        reader = await flavor.ExecuteReader(command);
        var rows = 0;
        while (await flavor.Read(reader))
        {
            rows++;
        }
        Assert.Equal(10, rows);
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Fact]
    public void APointSelectOnTheSyncFlavorAllocatesLittle()
    {
        // deterministic (the allocations of this thread, no timing): the reader, its cursor and page, the execution's
        // result are the previous execution's; what remains is the parameter row, the boxed value and the string read
        using var connection = new global::Driver.Sync.HanaConnection(ConnectionString + ";Pooling=false");
        connection.Open();
        using (var create = new global::Driver.Sync.HanaCommand("CREATE COLUMN TABLE P (ID INTEGER PRIMARY KEY, V NVARCHAR(20))", connection))
        {
            create.ExecuteNonQuery();
        }
        using (var insert = new global::Driver.Sync.HanaCommand("INSERT INTO P VALUES (?, ?)", connection))
        {
            insert.ExecuteBatch(Enumerable.Range(0, 100).Select(i => new object?[] { i, "value " + i }).ToList());
        }
        using var command = new global::Driver.Sync.HanaCommand("SELECT ID, V FROM P WHERE ID = ?", connection);
        var parameter = command.CreateParameter();
        command.Parameters.Add(parameter);
        command.Prepare();
        var boxed = Enumerable.Range(0, 100).Select(i => (object)i).ToArray();
        var expected = Enumerable.Range(0, 100).Select(i => "value " + i).ToArray();
        long Selects(int count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                parameter.Value = boxed[i % boxed.Length];
                using var reader = command.ExecuteReader();
                Assert.True(reader.Read());
                Assert.Equal(expected[i % boxed.Length], reader.GetString(1));
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Selects(200);
        var perSelect = Selects(1000) / 1000.0;
        // the string read (about 40 bytes): well under the 256 bytes of issue 18; the reader with its cursor and page,
        // the execution's result and the parameter row took more than 350 before they were reused
        Assert.InRange(perSelect, 1, 256);
        connection.Close();
    }
}
