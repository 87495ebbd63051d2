using Driver.Core.Protocol;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>Queries, DDL and DML against the test server over real sockets, with the protocol core's client.</summary>
public class ServerQueryTests
{
    [Fact]
    public async Task DummyAndSysDummyAnswerX()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
        Assert.Equal("X", client.Query("SELECT DUMMY FROM SYS.DUMMY")[0][0]);
    }

    [Fact]
    public async Task DdlDmlAndQueriesRoundTrip()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE T1 (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20), AMOUNT DECIMAL(18,4))");
        Assert.Equal(1, client.ExecuteNonQuery("INSERT INTO T1 VALUES (1, 'one', 1.5)"));
        Assert.Equal(1, client.ExecuteNonQuery("INSERT INTO T1 VALUES (2, 'zwei ä 😀', -2.25)"));
        Assert.Equal(2, client.ExecuteNonQuery("UPDATE T1 SET AMOUNT = AMOUNT * 2"));
        var rows = client.Query("SELECT ID, NAME, AMOUNT FROM T1 ORDER BY ID");
        Assert.Equal(2, rows.Count);
        Assert.Equal("zwei ä 😀", rows[1][1]);
        Assert.Equal(-4.5m, Convert.ToDecimal(rows[1][2]));
        Assert.Equal(1, client.ExecuteNonQuery("DELETE FROM T1 WHERE ID = 1"));
        Assert.Single(client.Query("SELECT * FROM T1"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task MetadataFollowsTheNegotiatedDataFormatVersion(int version)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server, settings => settings.DataFormatVersion = version);
        Assert.Equal(version, client.Core.DataFormatVersion);
        client.ExecuteNonQuery("CREATE COLUMN TABLE TYPES (I INTEGER NOT NULL, D DECIMAL(18,4), N NVARCHAR(30), DT DATE, TS TIMESTAMP, B BOOLEAN, SD SECONDDATE)");
        var result = client.Execute("SELECT I, D, N, DT, TS, B, SD FROM TYPES");
        using var resultSet = result.ResultSet!;
        var columns = resultSet.Columns;
        Assert.Equal(HanaTypeCode.Int, columns[0].TypeCode);
        Assert.False(columns[0].IsNullable);
        Assert.Equal(version >= 8 ? HanaTypeCode.Fixed8 : HanaTypeCode.Decimal, columns[1].TypeCode);
        Assert.Equal(18, columns[1].Length);
        Assert.Equal(4, columns[1].Fraction);
        Assert.Equal(HanaTypeCode.NVarChar, columns[2].TypeCode);
        Assert.Equal(30, columns[2].Length);
        Assert.True(columns[2].IsNullable);
        Assert.Equal(version >= 4 ? HanaTypeCode.DayDate : HanaTypeCode.Date, columns[3].TypeCode);
        Assert.Equal(version >= 4 ? HanaTypeCode.LongDate : HanaTypeCode.Timestamp, columns[4].TypeCode);
        Assert.Equal(version >= 7 ? HanaTypeCode.Boolean : HanaTypeCode.TinyInt, columns[5].TypeCode);
        Assert.Equal(version >= 4 ? HanaTypeCode.SecondDate : HanaTypeCode.Timestamp, columns[6].TypeCode);
        Assert.Equal("TYPES", columns[0].TableName);
        Assert.Equal("I", columns[0].ColumnName);
        // §9.2: an empty result comes back closed, with row-not-found
        Assert.Equal(PartAttributes.LastPacket | PartAttributes.RowNotFound | PartAttributes.ResultSetClosed, resultSet.Page.Attributes);
    }

    [Fact]
    public async Task AliasesAndExpressionsCarryTheirNames()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var resultSet = client.Execute("SELECT 1 AS ONE, 'a' || 'b' AS AB FROM DUMMY").ResultSet!;
        Assert.Equal("ONE", resultSet.Columns[0].DisplayName);
        Assert.Equal("AB", resultSet.Columns[1].DisplayName);
    }

    [Fact]
    public async Task PagesFollowFetchSizeAndAttributes()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.FetchSize = 1000;
        var attributes = new List<PartAttributes>();
        var rows = client.Query("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 10500)", attributes);
        Assert.Equal(10500, rows.Count);
        Assert.Equal(Enumerable.Range(0, 10500).Select(i => (long)i), rows.Select(r => Convert.ToInt64(r[0])));
        Assert.Equal(11, attributes.Count);
        Assert.All(attributes.Take(10), a => Assert.Equal(PartAttributes.None, a));
        Assert.Equal(PartAttributes.LastPacket | PartAttributes.ResultSetClosed, attributes[^1]);
    }

    [Fact]
    public async Task ServerDefaultFirstPageWithoutFetchSize()
    {
        await using var server = await Server.StartAsync(new Driver.TestServer.TestServerOptions { DefaultFetchSize = 32 });
        using var client = ProtocolClient.Connect(server);
        // a raw EXECUTEDIRECT without FETCHSIZE (as node-hdb sends it)
        var builder = client.Core.BeginRequest(MessageType.ExecuteDirect, commit: true);
        builder.BeginPart(PartKind.Command);
        Driver.Core.Protocol.Parts.SimpleParts.WriteText(builder.Writer, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 100)");
        builder.EndPart(1);
        var reply = client.Core.RoundTripSync();
        Assert.True(reply.TryGetPart(PartKind.ResultSet, out var part));
        Assert.Equal(32, part.ArgumentCount);
        Assert.Equal(PartAttributes.None, part.Attributes);
    }

    [Fact]
    public async Task ServerObjectsAreVisibleAndReleased()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var other = ProtocolClient.Connect(server);
        var connections = client.Query("SELECT CONNECTION_ID FROM SYS.M_CONNECTIONS");
        Assert.Equal(2, connections.Count);
        Assert.Contains(connections, row => Convert.ToInt64(row[0]) == client.Core.ConnectionId);

        var statement = client.Prepare("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 5000)");
        Assert.Single(client.Query($"SELECT STATEMENT_ID FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {client.Core.ConnectionId}"));
        var result = Driver.Tests.Support.CoreCalls.Execute(statement, [[]], true, 100);
        Assert.False(result.ResultSet!.IsClosedOnServer);
        Assert.Single(client.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {client.Core.ConnectionId}"));

        // releases are queued and go out before the next request (CLOSERESULTSET, DROPSTATEMENTID)
        result.ResultSet.Dispose();
        statement.Release();
        Assert.Empty(client.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {client.Core.ConnectionId}"));
        Assert.Empty(client.Query($"SELECT STATEMENT_ID FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {client.Core.ConnectionId}"));

        other.Dispose();
        // the server ends the other session after answering its DISCONNECT
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.ConnectionCount > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Single(client.Query("SELECT CONNECTION_ID FROM SYS.M_CONNECTIONS"));
    }

    [Fact]
    public async Task PreparedBatchInsertOf10000Rows()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE B (ID INTEGER PRIMARY KEY, V NVARCHAR(20), D DOUBLE)");
        var insert = client.Prepare("INSERT INTO B VALUES (?, ?, ?)");
        Assert.Equal(FunctionCode.Insert, insert.FunctionCode);
        Assert.Equal(3, insert.Parameters.Length);
        Assert.Equal(HanaTypeCode.Int, insert.Parameters[0].TypeCode);
        Assert.Equal(HanaTypeCode.NVarChar, insert.Parameters[1].TypeCode);
        var rows = Enumerable.Range(0, 10_000).Select(i => new object?[] { i, $"row {i}", i / 4.0 }).ToList();
        var result = Driver.Tests.Support.CoreCalls.Execute(insert, rows, true, 1000);
        Assert.Equal(10_000, result.RowsAffected.Length);
        Assert.Equal(10_000, result.TotalRowsAffected);
        insert.Release();
        Assert.Equal(10_000L, Convert.ToInt64(client.Query("SELECT COUNT(*) FROM B")[0][0]));
        Assert.Equal("row 9999", client.Query("SELECT V FROM B WHERE ID = 9999")[0][0]);
    }

    [Fact]
    public async Task DialectFeaturesWork()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE ROW TABLE U (ID INTEGER PRIMARY KEY, V NVARCHAR(10))");
        client.ExecuteNonQuery("CREATE SEQUENCE S1");
        client.ExecuteNonQuery("INSERT INTO U VALUES (S1.NEXTVAL, 'a')");
        client.ExecuteNonQuery("INSERT INTO U VALUES (S1.NEXTVAL, 'b')");
        client.ExecuteNonQuery("UPSERT U VALUES (1, 'c') WITH PRIMARY KEY");
        var rows = client.Query("SELECT TOP 1 ID, V FROM U ORDER BY ID");
        Assert.Single(rows);
        Assert.Equal("c", rows[0][1]);
        Assert.IsType<DateTime>(client.Query("SELECT CURRENT_UTCTIMESTAMP FROM DUMMY")[0][0]);
    }
}
