using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>HANA error codes, SQL states and positions in ERROR parts (§12); the session survives each error.</summary>
public class ServerErrorTests
{
    [Theory]
    [InlineData("SELEC * FROM DUMMY", 257, "42000", 0, "sql syntax error: incorrect syntax near \"SELEC\": line 1 col 1 (at pos 0)")]
    [InlineData("SELECT * FROM NO_SUCH_TABLE", 259, "HY000", 14,
        "invalid table name:  Could not find table/view NO_SUCH_TABLE in schema SYSTEM: line 1 col 15 (at pos 14)")]
    [InlineData("SELECT DUMMY, NOPE FROM DUMMY", 260, "HY000", 14, "invalid column name: NOPE: line 1 col 15 (at pos 14)")]
    [InlineData("CREATE COLUMN TABLE T1 (A INTEGER,, B INTEGER)", 257, "42000", 34,
        "sql syntax error: incorrect syntax near \",\": line 1 col 35 (at pos 34)")]
    public async Task ExecuteDirectErrorsCarryCodeStatePositionAndHanaText(string sql, int code, string sqlState, int position, string text)
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var error = Assert.Throws<HanaException>(() => client.Execute(sql));
        Assert.Equal(code, error.Code);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(position, error.Position);
        Assert.Equal($"[{code}] {text}", error.Message);
        Assert.Equal(HanaErrorLevel.Error, error.Level);
        AssertSessionUsable(client);
    }

    [Fact]
    public async Task PrepareErrorsCarryCodeAndPosition()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var syntax = Assert.Throws<HanaException>(() => client.Prepare("SELECT * FRM DUMMY"));
        Assert.Equal(257, syntax.Code);
        Assert.True(syntax.Position > 0);
        AssertSessionUsable(client);
        Assert.Equal(259, Assert.Throws<HanaException>(() => client.Prepare("INSERT INTO NOWHERE VALUES (?)")).Code);
        AssertSessionUsable(client);
    }

    [Fact]
    public async Task UniqueConstraintViolationIs301()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE COLUMN TABLE E (ID INTEGER PRIMARY KEY)");
        client.ExecuteNonQuery("INSERT INTO E VALUES (1)");
        var error = Assert.Throws<HanaException>(() => client.ExecuteNonQuery("INSERT INTO E VALUES (1)"));
        Assert.Equal(301, error.Code);
        Assert.Equal("23000", error.SqlState);
        Assert.Equal("[301] unique constraint violated: Table(E) with error: duplicate key ID: 1", error.Message);
        AssertSessionUsable(client);

        var insert = client.Prepare("INSERT INTO E VALUES (?)");
        Assert.Equal(301, Assert.Throws<HanaException>(() => Driver.Tests.Support.CoreCalls.Execute(insert, [[1]], true, 100)).Code);
        AssertSessionUsable(client);
        Assert.Equal(1, WireRequests.Count(client, "E"));
    }

    [Fact]
    public async Task UnknownStatementAndResultSetIdsAreGeneralError2()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);

        var builder = client.Core.BeginRequest(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(builder.Writer, 0x7777_0000);
        builder.EndPart(1);
        var error = Assert.Throws<HanaException>(() => client.Core.RoundTripSync());
        Assert.Equal(2, error.Code);
        AssertSessionUsable(client);

        builder = client.Core.BeginRequest(MessageType.FetchNext);
        builder.BeginPart(PartKind.ResultSetId);
        SimpleParts.WriteId(builder.Writer, 0x7777_0001);
        builder.EndPart(1);
        builder.BeginPart(PartKind.FetchSize);
        builder.Writer.WriteInt32(10);
        builder.EndPart(1);
        Assert.Equal(2, Assert.Throws<HanaException>(() => client.Core.RoundTripSync()).Code);
        AssertSessionUsable(client);

        // WRITELOB with no EXECUTE waiting for LOB data
        builder = client.Core.BeginRequest(MessageType.WriteLob);
        builder.BeginPart(PartKind.WriteLobRequest);
        LobParts.WriteWriteLobChunk(builder.Writer, 0x7777_0002, LobOptions.DataIncluded | LobOptions.LastData, -1, [1, 2, 3]);
        builder.EndPart(1);
        Assert.Equal(2, Assert.Throws<HanaException>(() => client.Core.RoundTripSync()).Code);
        AssertSessionUsable(client);
    }

    private static void AssertSessionUsable(ProtocolClient client)
    {
        Assert.False(client.Core.IsBroken);
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
    }
}
