using System.Data.Common;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The per-session prepared-statement cache (statementCacheSize, docs/connection-string.md): what goes over the wire
/// (round trips counted by the connection's statistics, statements counted by the server's SYS.M_PREPARED_STATEMENTS),
/// on pooled sessions as the HTTP case uses them, against the real test server, in both flavors.
/// </summary>
public class StatementCacheTests : DriverTestBase
{
    private const string Select = "SELECT ID, NAME FROM SC WHERE ID = ?";

    private static long RoundTrips(Flavor flavor, DbConnection connection) => flavor.IsAsync
        ? ((global::Driver.Async.HanaConnection)connection).GetStatistics().RoundTrips
        : ((global::Driver.Sync.HanaConnection)connection).GetStatistics().RoundTrips;

    private static (long Hits, long Misses) CacheCounts(Flavor flavor, DbConnection connection)
    {
        if (flavor.IsAsync)
        {
            var a = ((global::Driver.Async.HanaConnection)connection).GetStatistics();
            return (a.StatementCacheHits, a.StatementCacheMisses);
        }
        var s = ((global::Driver.Sync.HanaConnection)connection).GetStatistics();
        return (s.StatementCacheHits, s.StatementCacheMisses);
    }

    private static void ResetStatistics(Flavor flavor, DbConnection connection)
    {
        if (flavor.IsAsync)
        {
            ((global::Driver.Async.HanaConnection)connection).ResetStatistics();
        }
        else
        {
            ((global::Driver.Sync.HanaConnection)connection).ResetStatistics();
        }
    }

    /// <summary>Closes the idle pooled sessions of <paramref name="connection"/>'s connection string (their cached statements go with them).</summary>
    private static void ClearPool(Flavor flavor, DbConnection connection)
    {
        if (flavor.IsAsync)
        {
            global::Driver.Async.HanaConnection.ClearPool((global::Driver.Async.HanaConnection)connection);
        }
        else
        {
            global::Driver.Sync.HanaConnection.ClearPool((global::Driver.Sync.HanaConnection)connection);
        }
    }

    /// <summary>Prepared statements the server holds for the session <paramref name="connectionId"/>.</summary>
    private long StatementsOf(int connectionId)
    {
        using var monitor = new global::Driver.Sync.HanaConnection(ConnectionString + ";Pooling=false");
        monitor.Open();
        using var command = new global::Driver.Sync.HanaCommand($"SELECT COUNT(*) FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {connectionId}", monitor);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private async Task CreateTable(Flavor flavor)
    {
        var setup = await Open(flavor, "Pooling=false");
        await flavor.Execute(setup, "CREATE TABLE SC (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20))");
        for (var i = 1; i <= 5; i++)
        {
            await flavor.Execute(setup, "INSERT INTO SC VALUES (?, ?)", i, "n" + i);
        }
        await flavor.Close(setup);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SecondPooledExecutionOfTheSameTextSendsNoPrepare(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var extra = "Max Pool Size=1";
        var first = await Open(flavor, extra);
        var session = flavor.ConnectionId(first);
        Assert.Equal("n1", await flavor.Scalar(first, "SELECT NAME FROM SC WHERE ID = ?", 1));
        await flavor.Close(first);

        // the pool's reset kept the statement: the next rent runs the same text with EXECUTE alone
        var second = await Open(flavor, extra);
        Assert.Equal(session, flavor.ConnectionId(second));
        ResetStatistics(flavor, second);
        Assert.Equal("n2", await flavor.Scalar(second, "SELECT NAME FROM SC WHERE ID = ?", 2));
        Assert.Equal(1, RoundTrips(flavor, second));
        Assert.Equal((1L, 0L), CacheCounts(flavor, second));
        Assert.Equal(1, StatementsOf(session));
        await flavor.Close(second);

        // ClearPool ends the session and its statements with it
        ClearPool(flavor, second);
        await WaitUntil(() => StatementsOf(session) == 0);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task SizeZeroPreparesEveryTimeAsBefore(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var extra = "Max Pool Size=1;statementCacheSize=0";
        var first = await Open(flavor, extra);
        Assert.Equal("n1", await flavor.Scalar(first, "SELECT NAME FROM SC WHERE ID = ?", 1));
        await flavor.Close(first);
        var second = await Open(flavor, extra);
        var session = flavor.ConnectionId(second);
        ResetStatistics(flavor, second);
        Assert.Equal("n2", await flavor.Scalar(second, "SELECT NAME FROM SC WHERE ID = ?", 2));
        // PREPARE and EXECUTE; the DROPSTATEMENTID is queued for the next request (the pool's reset sends it)
        Assert.Equal(2, RoundTrips(flavor, second));
        await flavor.Close(second);
        Assert.Equal(0, StatementsOf(session));
        ClearPool(flavor, second);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EvictionOverTheSizeDropsTheLeastRecentlyUsedStatementOnce(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var connection = await Open(flavor, "Pooling=false;Statement Cache Size=2");
        var session = flavor.ConnectionId(connection);
        string Text(int n) => $"SELECT NAME FROM SC WHERE ID = ? AND {n} = {n}";
        for (var n = 1; n <= 3; n++)
        {
            Assert.Equal("n" + n, await flavor.Scalar(connection, Text(n), n));
        }
        // the third release pushed the first text out: its DROPSTATEMENTID goes out before the next request
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        Assert.Equal(2, StatementsOf(session));

        // the two kept texts run without PREPARE; the evicted one is prepared again (and evicts the LRU one)
        ResetStatistics(flavor, connection);
        Assert.Equal("n3", await flavor.Scalar(connection, Text(3), 3));
        Assert.Equal("n2", await flavor.Scalar(connection, Text(2), 2));
        Assert.Equal(2, RoundTrips(flavor, connection));
        ResetStatistics(flavor, connection);
        Assert.Equal("n1", await flavor.Scalar(connection, Text(1), 1));
        Assert.Equal(2, RoundTrips(flavor, connection));
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        Assert.Equal(2, StatementsOf(session));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DdlOnTheSessionEmptiesTheCache(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var connection = await Open(flavor, "Pooling=false");
        var session = flavor.ConnectionId(connection);
        Assert.Equal("n1", await flavor.Scalar(connection, "SELECT NAME FROM SC WHERE ID = ?", 1));
        Assert.Equal(1, StatementsOf(session));

        await flavor.Execute(connection, "CREATE TABLE SC_OTHER (A INTEGER)");
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        Assert.Equal(0, StatementsOf(session));

        // the text is prepared again (PREPARE and EXECUTE)
        ResetStatistics(flavor, connection);
        Assert.Equal("n1", await flavor.Scalar(connection, "SELECT NAME FROM SC WHERE ID = ?", 1));
        Assert.Equal(2, RoundTrips(flavor, connection));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task DdlFromAnotherSessionGivesTheNewColumnsOrAClearError(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var extra = "Max Pool Size=1";
        var pooled = await Open(flavor, extra);
        var rows = await flavor.Query(pooled, "SELECT * FROM SC WHERE ID = ?", 1);
        Assert.Equal(new object?[] { 1, "n1" }, rows.Single());
        await flavor.Close(pooled);

        var other = await Open(flavor, "Pooling=false");
        await flavor.Execute(other, "DROP TABLE SC");
        await flavor.Execute(other, "CREATE TABLE SC (ID INTEGER PRIMARY KEY, AMOUNT INTEGER, LABEL NVARCHAR(20))");
        await flavor.Execute(other, "INSERT INTO SC VALUES (1, 42, 'new')");
        await flavor.Close(other);

        // the same pooled session and text: the cached statement describes the old table
        pooled = await Open(flavor, extra);
        try
        {
            using var command = flavor.Command(pooled, "SELECT * FROM SC WHERE ID = ?", 1);
            var reader = await flavor.ExecuteReader(command);
            try
            {
                Assert.Equal(3, reader.FieldCount);
                Assert.Equal(["ID", "AMOUNT", "LABEL"], Enumerable.Range(0, 3).Select(reader.GetName));
                Assert.True(await flavor.Read(reader));
                Assert.Equal(new object[] { 1, 42, "new" }, Enumerable.Range(0, 3).Select(reader.GetValue));
            }
            finally
            {
                await flavor.CloseReader(reader);
            }
        }
        catch (Exception exception) when (flavor.HanaExceptionType.IsInstanceOfType(exception))
        {
            // a clear error is acceptable; wrong data never is. The session stays usable.
            Assert.Equal(1, await flavor.Scalar(pooled, "SELECT 1 FROM DUMMY"));
        }
        await flavor.Close(pooled);
        ClearPool(flavor, pooled);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task TwoReadersOfTheSameTextOnOneSessionDoNotShareAStatement(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        // one row per fetch: both cursors stay open on the server while the other one reads
        var connection = await Open(flavor, "Pooling=false;FetchSize=1");
        var session = flavor.ConnectionId(connection);
        const string text = "SELECT ID FROM SC WHERE ID >= ? ORDER BY ID";
        var first = flavor.Command(connection, text, 1);
        var firstReader = await flavor.ExecuteReader(first);
        Assert.True(await flavor.Read(firstReader));
        // the command goes, its reader stays: the statement is not free for the next command yet
        first.Dispose();

        using var second = flavor.Command(connection, text, 3);
        var secondReader = await flavor.ExecuteReader(second);
        Assert.True(await flavor.Read(secondReader));
        Assert.Equal(3, secondReader.GetInt32(0));
        Assert.Equal(1, firstReader.GetInt32(0));
        Assert.Equal(2, StatementsOf(session));

        var firstRest = new List<int>();
        var secondRest = new List<int>();
        while (await flavor.Read(firstReader))
        {
            firstRest.Add(firstReader.GetInt32(0));
            if (await flavor.Read(secondReader))
            {
                secondRest.Add(secondReader.GetInt32(0));
            }
        }
        Assert.Equal([2, 3, 4, 5], firstRest);
        Assert.Equal([4, 5], secondRest);
        await flavor.CloseReader(firstReader);
        await flavor.CloseReader(secondReader);
        second.Dispose();

        // one statement kept for the text, the other dropped; the kept one serves the next command without PREPARE
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        Assert.Equal(1, StatementsOf(session));
        ResetStatistics(flavor, connection);
        Assert.Equal(4, Convert.ToInt32(await flavor.Scalar(connection, text, 4)));
        Assert.Equal(1, RoundTrips(flavor, connection));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACachedStatementTheServerNoLongerKnowsIsPreparedAgainTransparently(string name)
    {
        var flavor = Flavor.Get(name);
        await CreateTable(flavor);
        var connection = await Open(flavor, "Pooling=false");
        var session = flavor.ConnectionId(connection);
        Assert.Equal("n1", await flavor.Scalar(connection, Select.Replace("ID, NAME", "NAME", StringComparison.Ordinal), 1));

        // the server refuses the cached id: dropped, prepared again and run again, one call for the caller
        Server.Faults.ForConnection(session, new global::Driver.TestServer.SessionFaults { NextError = (2, "general error: invalid statement id 7") });
        ResetStatistics(flavor, connection);
        Assert.Equal("n2", await flavor.Scalar(connection, Select.Replace("ID, NAME", "NAME", StringComparison.Ordinal), 2));
        // EXECUTE refused, DROPSTATEMENTID, PREPARE, EXECUTE; the cache was asked twice: found it, then not
        Assert.Equal(4, RoundTrips(flavor, connection));
        Assert.Equal((1L, 1L), CacheCounts(flavor, connection));
        Assert.Equal(1, StatementsOf(session));

        // any other error reaches the caller and leaves the cache alone
        Server.Faults.ForConnection(session, new global::Driver.TestServer.SessionFaults { NextError = (131, "transaction rolled back by lock wait timeout") });
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flavor.Scalar(connection, Select.Replace("ID, NAME", "NAME", StringComparison.Ordinal), 3));
        Assert.Equal(131, flavor.ErrorCode(error));
        ResetStatistics(flavor, connection);
        Assert.Equal("n3", await flavor.Scalar(connection, Select.Replace("ID, NAME", "NAME", StringComparison.Ordinal), 3));
        Assert.Equal(1, RoundTrips(flavor, connection));
        await flavor.Close(connection);
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ACallIsNotCached(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor, "Pooling=false");
        var session = flavor.ConnectionId(connection);
        await flavor.Execute(connection, "CREATE PROCEDURE SC_P (IN A INTEGER) AS BEGIN SELECT :A AS V FROM DUMMY; END");
        await flavor.Execute(connection, "CALL SC_P(?)", 1);
        await flavor.Scalar(connection, "SELECT 1 FROM DUMMY");
        Assert.Equal(0, StatementsOf(session));
        await flavor.Close(connection);
    }

    [Fact]
    public void TheKeyIsSapsSpellingOrTheSpacedOneWithADefaultOf32()
    {
        Assert.Equal(32, new global::Driver.Sync.HanaConnectionStringBuilder("Server=h").StatementCacheSize);
        Assert.Equal(5, new global::Driver.Sync.HanaConnectionStringBuilder("Server=h;statementCacheSize=5").StatementCacheSize);
        Assert.Equal(7, new global::Driver.Async.HanaConnectionStringBuilder("Server=h;Statement Cache Size=7").StatementCacheSize);
        Assert.Equal(0, new global::Driver.Async.HanaConnectionStringBuilder("Server=h;STATEMENTCACHESIZE=0").StatementCacheSize);
        var builder = new global::Driver.Sync.HanaConnectionStringBuilder { StatementCacheSize = 9 };
        Assert.Contains("statementCacheSize=9", builder.ConnectionString, StringComparison.Ordinal);
        Assert.Empty(new global::Driver.Sync.HanaConnectionStringBuilder("Server=h;statementCacheSize=5").IgnoredKeys);
        var refused = Assert.Throws<ArgumentException>(() => new global::Driver.Sync.HanaConnectionStringBuilder("Server=h;statementCacheSize=-1"));
        Assert.Contains("statementCacheSize", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new global::Driver.Async.HanaConnectionStringBuilder("Server=h;Statement Cache Size=lots"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 5 s");
            await Task.Delay(50);
        }
    }
}
