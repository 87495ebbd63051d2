using System.Data;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

public class StatementTests : DriverTestBase
{
    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DdlAndDmlReportRowsAffected(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        Assert.Equal(0, await flavor.Execute(connection, "CREATE COLUMN TABLE T1 (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20))"));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO T1 VALUES (1, 'one')"));
        Assert.Equal(1, await flavor.Execute(connection, "INSERT INTO T1 VALUES (?, ?)", 2, "zwei ä 😀"));
        Assert.Equal(2, await flavor.Execute(connection, "UPDATE T1 SET NAME = NAME || '!'"));
        var rows = await flavor.Query(connection, "SELECT ID, NAME FROM T1 ORDER BY ID");
        Assert.Equal(new object?[] { 1, "one!" }, rows[0]);
        Assert.Equal(new object?[] { 2, "zwei ä 😀!" }, rows[1]);
        Assert.Equal(1, await flavor.Execute(connection, "DELETE FROM T1 WHERE ID = ?", 1));
        Assert.Equal(1L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM T1")));
        Assert.Equal(-1, await flavor.Execute(connection, "SELECT * FROM T1"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ServerErrorsCarryCodeSqlStateAndPosition(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Execute(connection, "SELECT * FROM NO_SUCH_TABLE"));
        Assert.IsType(flavor.HanaExceptionType, error);
        Assert.Equal(259, flavor.ErrorCode(error));
        var dbError = Assert.IsAssignableFrom<System.Data.Common.DbException>(error);
        Assert.False(string.IsNullOrEmpty(dbError.SqlState));
        // the session survives a statement error
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task APreparedStatementIsReusedAThousandTimes(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE P (ID INTEGER PRIMARY KEY, TXT NVARCHAR(30), AMOUNT DECIMAL(18,2))");
        using (var insert = flavor.Command(connection, "INSERT INTO P VALUES (?, ?, ?)", 0, "", 0m))
        {
            await flavor.Prepare(insert);
            for (var i = 0; i < 1000; i++)
            {
                insert.Parameters[0].Value = i;
                insert.Parameters[1].Value = $"row {i}";
                insert.Parameters[2].Value = i / 4m;
                Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
            }
        }
        using (var select = flavor.Command(connection, "SELECT TXT, AMOUNT FROM P WHERE ID = ?", 0))
        {
            await flavor.Prepare(select);
            for (var i = 0; i < 1000; i += 111)
            {
                select.Parameters[0].Value = i;
                var reader = await flavor.ExecuteReader(select);
                Assert.True(await flavor.Read(reader));
                Assert.Equal($"row {i}", reader.GetString(0));
                Assert.Equal(Math.Round(i / 4m, 2), reader.GetDecimal(1));
                Assert.False(await flavor.Read(reader));
                await flavor.CloseReader(reader);
            }
        }
        Assert.Equal(1000L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM P")));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ABatchInsertsTenThousandRowsInOneRequest(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE B (ID INTEGER PRIMARY KEY, TXT NVARCHAR(30), V DOUBLE)");
        var rows = Enumerable.Range(0, 10_000).Select(i => new object?[] { i, i % 7 == 0 ? null : $"text {i}", i * 0.5 }).ToList();
        using (var insert = flavor.Command(connection, "INSERT INTO B VALUES (?, ?, ?)"))
        {
            Assert.Equal(10_000L, await flavor.ExecuteBatch(insert, rows));
        }
        Assert.Equal(10_000L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM B")));
        Assert.Equal(rows.Count(r => r[1] is null), Convert.ToInt32(await flavor.Scalar(connection, "SELECT COUNT(*) FROM B WHERE TXT IS NULL")));
        Assert.Equal(rows.Sum(r => (double)r[2]!), Convert.ToDouble(await flavor.Scalar(connection, "SELECT SUM(V) FROM B")));
        Assert.Equal("text 9998", await flavor.Scalar(connection, "SELECT TXT FROM B WHERE ID = 9998"));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AMillionRowsArriveInPagesOfFetchSize(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=1000");
        using var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 1000000)");
        var reader = await flavor.ExecuteReader(command);
        var fieldType = reader.GetFieldType(0);
        Assert.True(fieldType == typeof(long) || fieldType == typeof(int), fieldType.Name);
        long count = 0, sum = 0, previous = -1;
        var ordered = true;
        while (await flavor.Read(reader))
        {
            var value = reader.GetInt64(0);
            ordered &= value == previous + 1 && reader.GetFieldType(0) == fieldType;
            previous = value;
            sum += value;
            count++;
        }
        await flavor.CloseReader(reader);
        Assert.Equal(1_000_000, count);
        Assert.True(ordered);
        Assert.Equal(999_999L * 1_000_000 / 2, sum);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AReaderOutlivesItsCommand(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "FetchSize=10");
        var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START AS N FROM SERIES_GENERATE_INTEGER(1, 0, 100) WHERE GENERATED_PERIOD_START >= ?", 0);
        var reader = await flavor.ExecuteReader(command);
        command.Dispose();
        var count = 0;
        while (await flavor.Read(reader))
        {
            Assert.Equal(count++, reader.GetInt32(reader.GetOrdinal("n")));
        }
        Assert.Equal(100, count);
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ReleasesReachTheServerWithTheNextRequest(string name)
    {
        var flavor = Flavor.Get(name);
        // without the statement cache, which would keep the statement (StatementCacheTests)
        var connection = await Open(flavor, "FetchSize=10;statementCacheSize=0");
        var id = flavor.ConnectionId(connection);
        var command = flavor.Command(connection, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 1000) WHERE GENERATED_PERIOD_START >= ?", 0);
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        Assert.True(ServerResourcesOf(id) >= 2, "the open cursor and its prepared statement are on the server");
        // neither dispose sends anything: the releases go out before the next request
        reader.Dispose();
        command.Dispose();
        Assert.Equal("X", await flavor.Scalar(connection, "SELECT * FROM DUMMY"));
        Assert.Equal(0, ServerResourcesOf(id));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task AValueThatDoesNotFitThrowsBeforeAnythingIsSent(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE TABLE S (V SMALLINT)");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Execute(connection, "INSERT INTO S VALUES (?)", 100_000));
        Assert.True(error is OverflowException or InvalidCastException or ArgumentException, error.GetType().Name);
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(0L, Convert.ToInt64(await flavor.Scalar(connection, "SELECT COUNT(*) FROM S")));
        await flavor.Close(connection);
    }

    [Fact]
    public async Task DriverAsyncRefusesBlockingCommandMembersBeforeCheckingTheCommand()
    {
        // no connection: the refusal comes before the checks that would throw InvalidOperationException
        await using var command = new global::Driver.Async.HanaCommand("SELECT 1 FROM DUMMY");
        Assert.Contains("PrepareAsync", Assert.Throws<NotSupportedException>(() => command.Prepare()).Message);
        Assert.Contains("ExecuteNonQueryAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteNonQuery()).Message);
        Assert.Contains("ExecuteScalarAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteScalar()).Message);
        Assert.Contains("ExecuteReaderAsync", Assert.Throws<NotSupportedException>(() => command.ExecuteReader()).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteNonQueryAsync());
    }
}
