using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Sync;
using Driver.Tests.Support;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>The wire shape of a CALL (docs/protocol.md §17) over real sockets, read part by part.</summary>
public class ServerProcedureTests
{
    private const string Procedure = """
        CREATE PROCEDURE SHAPES (IN A INTEGER, OUT DOUBLED INTEGER, INOUT NOTE NVARCHAR(20),
            OUT T1 TABLE (N INTEGER), OUT T2 TABLE (S NVARCHAR(5))) AS
        BEGIN
            DOUBLED := :A * 2;
            NOTE := :NOTE || '!';
            T1 = SELECT :A AS N FROM DUMMY;
            T2 = SELECT 'x' AS S FROM DUMMY;
            SELECT 'dynamic' AS D FROM DUMMY;
        END
        """;

    [Fact]
    public async Task PrepareAnnouncesNamesAndModesOfTheScalarMarkersOnly()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery(Procedure);
        var statement = client.Prepare("CALL SHAPES(?, ?, ?, ?, ?)");
        Assert.Equal(FunctionCode.DbProcedureCall, statement.FunctionCode);
        Assert.Equal(["A", "DOUBLED", "NOTE"], statement.Parameters.Select(p => p.Name));
        Assert.Equal([ParameterMode.In, ParameterMode.Out, ParameterMode.InOut], statement.Parameters.Select(p => p.Mode));
        Assert.Equal([HanaTypeCode.Int, HanaTypeCode.Int, HanaTypeCode.NVarChar], statement.Parameters.Select(p => p.TypeCode));
        Assert.Equal(20, statement.Parameters[2].Length);
    }

    [Fact]
    public async Task DirectCallRepliesWithOutputParametersThenOneGroupPerResultSet()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery(Procedure.Replace("INOUT NOTE", "OUT NOTE", StringComparison.Ordinal).Replace(":NOTE || '!'", "'set'", StringComparison.Ordinal));
        var reply = WireRequests.ExecuteDirect(client, "CALL SHAPES(21, ?, ?, ?, ?)", commit: true);
        Assert.Equal(FunctionCode.DbProcedureCallWithResult, reply.Segment.FunctionCode);
        var kinds = reply.Parts.Select(p => p.Kind).Where(k => k != PartKind.TransactionFlags && k != PartKind.StatementContext).ToList();
        Assert.Equal(
        [
            PartKind.OutputParameters,
            PartKind.ResultSetMetadata, PartKind.ResultSetId, PartKind.ResultSet,
            PartKind.ResultSetMetadata, PartKind.ResultSetId, PartKind.ResultSet,
            PartKind.ResultSetMetadata, PartKind.ResultSetId, PartKind.ResultSet,
        ], kinds);
        var outputs = reply.Parts.First(p => p.Kind == PartKind.OutputParameters);
        Assert.Equal(1, outputs.ArgumentCount);
        // §7.3: INTEGER 42 (null indicator 1, then I4), NVARCHAR "set" (length 3, then the bytes)
        Assert.Equal(new byte[] { 1, 42, 0, 0, 0, 3, (byte)'s', (byte)'e', (byte)'t' }, reply.GetPartSpan(outputs).ToArray());
        var ids = reply.Parts.Where(p => p.Kind == PartKind.ResultSetId).Select(p => SimpleParts.ReadId(reply.GetPartSpan(p))).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(reply.Parts.Where(p => p.Kind == PartKind.ResultSet), p =>
        {
            Assert.Equal(1, p.ArgumentCount);
            Assert.Equal(PartAttributes.LastPacket | PartAttributes.ResultSetClosed, p.Attributes);
        });
        var names = reply.Parts.Where(p => p.Kind == PartKind.ResultSetMetadata)
            .Select(p => MetadataParts.ReadResultSetMetadata(reply.GetPartSpan(p), p.ArgumentCount).Single().DisplayName).ToList();
        Assert.Equal(["N", "S", "D"], names);
        Assert.Equal(0L, Convert.ToInt64(client.Query("SELECT COUNT(*) FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = CURRENT_CONNECTION")[0][0]));
    }

    [Fact]
    public async Task SignalIsAnErrorWithTheUsersCode()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.ExecuteNonQuery("CREATE PROCEDURE FAIL_ME AS BEGIN SIGNAL SQL_ERROR_CODE 10777 SET MESSAGE_TEXT = 'nope'; END");
        var error = Assert.Throws<HanaException>(() => client.Execute("CALL FAIL_ME"));
        Assert.Equal(10777, error.Code);
        Assert.Contains("nope", error.Message);
        Assert.Single(client.Query("SELECT 1 FROM DUMMY")); // the session goes on
    }

    [Fact]
    public async Task EachResultSetIsACursorOfItsOwnUntilClosed()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        client.FetchSize = 100;
        client.ExecuteNonQuery("CREATE COLUMN TABLE NUMBERS (I INTEGER)");
        client.ExecuteNonQuery("INSERT INTO NUMBERS SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 1000)");
        client.ExecuteNonQuery("CREATE PROCEDURE TWO_BIG (OUT A TABLE (I INTEGER), OUT B TABLE (I INTEGER)) AS " +
                               "BEGIN A = SELECT I FROM NUMBERS; B = SELECT I * 2 AS I FROM NUMBERS; END");
        var reply = WireRequests.ExecuteDirect(client, "CALL TWO_BIG(?, ?)", commit: true);
        var pages = reply.Parts.Where(p => p.Kind == PartKind.ResultSet).ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal((100, PartAttributes.None), (p.ArgumentCount, p.Attributes)));
        var ids = reply.Parts.Where(p => p.Kind == PartKind.ResultSetId).Select(p => SimpleParts.ReadId(reply.GetPartSpan(p))).ToList();
        var open = client.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {client.Core.ConnectionId} ORDER BY RESULT_SET_ID");
        Assert.Equal(ids.Order(), open.Select(r => Convert.ToInt64(r[0])));

        client.Core.QueueRelease(MessageType.CloseResultSet, ids[0]);
        Assert.Equal([ids[1]], client.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {client.Core.ConnectionId}")
            .Select(r => Convert.ToInt64(r[0])));
        client.Core.QueueRelease(MessageType.CloseResultSet, ids[1]);
        Assert.Empty(client.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {client.Core.ConnectionId}"));
    }
}
