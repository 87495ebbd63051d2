using System.Net.Sockets;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Sync;
using Driver.TestServer.Protocol;
using Driver.Tests.Support;
using static Driver.Tests.TestServer.WireRequests;
using Server = Driver.TestServer.TestServer;

namespace Driver.Tests.TestServer;

/// <summary>Optional request parts, DBCONNECTINFO, CLIENT_PING, DISCONNECT and abrupt ends of a session.</summary>
public class ServerMessageTests
{
    [Fact]
    public async Task ClientInfoStatementContextAndSessionContextPartsAreAccepted()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        var builder = client.Core.BeginRequest(MessageType.ExecuteDirect, commit: true);
        builder.BeginPart(PartKind.ClientInfo);
        var pairs = ServerParts.WriteClientInfo(builder.Writer, [new("APPLICATION", "wire tests"), new("APPLICATIONUSER", "tester"), new("EMPTY", null)]);
        builder.EndPart(pairs);
        builder.BeginPart(PartKind.StatementContext);
        var statementContext = new OptionSet()
            .Set((int)StatementContextId.StatementSequenceInfo, OptionValue.BString([1, 2, 3, 4]))
            .Set((int)StatementContextId.SchemaName, OptionValue.String("SYSTEM"))
            .Set((int)StatementContextId.QueryTimeout, OptionValue.BigInt(30));
        OptionsPart.Write(builder.Writer, statementContext);
        builder.EndPart(statementContext.Count);
        builder.BeginPart(PartKind.SessionContext);
        var sessionContext = new OptionSet()
            .Set((int)SessionContextId.PrimaryConnectionId, OptionValue.Int(client.Core.ConnectionId))
            .Set((int)SessionContextId.PrimaryHostName, OptionValue.String(server.Host))
            .Set((int)SessionContextId.PrimaryHostPortNumber, OptionValue.Int(server.Port));
        OptionsPart.Write(builder.Writer, sessionContext);
        builder.EndPart(sessionContext.Count);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(builder.Writer, "SELECT 'ok' FROM DUMMY");
        builder.EndPart(1);
        var result = StatementRunner.ReadExecuteReply(client.Core, client.Core.RoundTripSync(), null, 10);
        using (var resultSet = result.ResultSet!)
        {
            Assert.Equal("ok", client.ReadAll(resultSet)[0][0]);
        }

        // the same parts with a PREPARE and a FETCHNEXT
        builder = client.Core.BeginRequest(MessageType.Prepare);
        builder.BeginPart(PartKind.ClientInfo);
        builder.EndPart(ServerParts.WriteClientInfo(builder.Writer, [new("APPLICATIONSOURCE", "ServerMessageTests.cs")]));
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(builder.Writer, "SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 50)");
        builder.EndPart(1);
        var statement = PreparedStatementCore.FromPrepareReply(client.Core, "…", client.Core.RoundTripSync());
        using var pages = CoreCalls.Execute(statement, [[]], true, 10).ResultSet!;
        Assert.Equal(50, client.ReadAll(pages).Count);
        statement.Release();
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
    }

    [Fact]
    public async Task DbConnectInfoIsAnsweredBeforeAuthentication()
    {
        await using var server = await Server.StartAsync();
        using var socket = await RawConnectAsync(server);
        var request = new PacketWriter(256);
        var builder = new MessageBuilder(request);
        builder.BeginRequest(0, 0, MessageType.DbConnectInfo);
        builder.BeginPart(PartKind.DbConnectInfo);
        var options = new OptionSet().Set((int)DbConnectInfoId.DatabaseName, OptionValue.String("TST"));
        OptionsPart.Write(request, options);
        builder.EndPart(options.Count);
        builder.Finish();
        var reply = await RoundTripAsync(socket, request);
        Assert.Equal(SegmentKind.Reply, reply.Segment.Kind);
        Assert.Equal(0, reply.Header.SessionId);
        Assert.True(reply.TryGetPart(PartKind.DbConnectInfo, out var part));
        var info = OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount);
        Assert.True(info.GetBoolean((int)DbConnectInfoId.OnCorrectDatabase, false));

        // still unauthenticated: a statement is refused with code 10 and the connection is closed
        builder.BeginRequest(0, 1, MessageType.ExecuteDirect);
        builder.BeginPart(PartKind.Command);
        SimpleParts.WriteText(request, "SELECT * FROM DUMMY");
        builder.EndPart(1);
        builder.Finish();
        reply = await RoundTripAsync(socket, request);
        Assert.Equal(SegmentKind.Error, reply.Segment.Kind);
        Assert.True(reply.TryGetPart(PartKind.Error, out var errorPart));
        Assert.Equal(10, ErrorPart.Read(reply.GetPartSpan(errorPart), errorPart.ArgumentCount)[0].Code);
        Assert.Equal(0, await ReceiveSomeAsync(socket, new byte[1]));
        request.Dispose();
    }

    [Fact]
    public async Task ClientPingIsAnswered()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        for (var i = 0; i < 3; i++)
        {
            client.Core.BeginRequest(MessageType.ClientPing);
            var reply = client.Core.RoundTripSync();
            Assert.Equal(SegmentKind.Reply, reply.Segment.Kind);
            Assert.Equal(client.Core.SessionId, reply.Header.SessionId);
        }
        Assert.Equal("X", client.Query("SELECT * FROM DUMMY")[0][0]);
    }

    [Fact]
    public async Task DisconnectIsAnsweredWithFunctionCode18ThenTheServerCloses()
    {
        await using var server = await Server.StartAsync();
        using var client = ProtocolClient.Connect(server);
        using var observer = ProtocolClient.Connect(server);
        var connectionId = client.Core.ConnectionId;
        client.Core.BeginRequest(MessageType.Disconnect);
        var reply = client.Core.RoundTripSync();
        Assert.Equal(FunctionCode.Disconnect, reply.Segment.FunctionCode);
        Assert.Equal(18, (int)reply.Segment.FunctionCode);
        await WaitUntilAsync(() => server.ConnectionCount == 1, "the server closed the session");
        Assert.DoesNotContain(connectionId, ConnectionIds(observer));
        // the closed socket is noticed before the request is built (an idle socket that polls readable is dead)
        Assert.Throws<HanaConnectionException>(() =>
        {
            client.Core.BeginRequest(MessageType.ClientPing);
            client.Core.RoundTripSync();
        });
    }

    [Fact]
    public async Task AbruptCloseReleasesStatementsCursorsAndTheTransaction()
    {
        await using var server = await Server.StartAsync();
        using var observer = ProtocolClient.Connect(server);
        observer.ExecuteNonQuery("CREATE COLUMN TABLE A (ID INTEGER)");
        var client = ProtocolClient.Connect(server);
        var connectionId = client.Core.ConnectionId;
        client.AutoCommit = false;
        client.ExecuteNonQuery("INSERT INTO A VALUES (1)");
        var statement = client.Prepare("SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 0, 5000)");
        var resultSet = CoreCalls.Execute(statement, [[]], false, 10).ResultSet!;
        Assert.False(resultSet.IsClosedOnServer);
        Assert.Single(observer.Query($"SELECT STATEMENT_ID FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {connectionId}"));
        Assert.Single(observer.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {connectionId}"));
        Assert.Contains(connectionId, ConnectionIds(observer));

        // the releases are only queued, and dropping the last reference closes the socket without DISCONNECT
        resultSet.Dispose();
        statement.Release();
        client.Core.Release();
        Assert.False(client.Core.IsOpen);

        await WaitUntilAsync(() => server.ConnectionCount == 1, "the server noticed the dropped socket");
        Assert.DoesNotContain(connectionId, ConnectionIds(observer));
        Assert.Empty(observer.Query($"SELECT STATEMENT_ID FROM SYS.M_PREPARED_STATEMENTS WHERE CONNECTION_ID = {connectionId}"));
        Assert.Empty(observer.Query($"SELECT RESULT_SET_ID FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = {connectionId}"));
        Assert.Equal(0, Count(observer, "A")); // the open transaction was rolled back
    }

    [Fact]
    public async Task ResetSocketMidRequestEndsTheSession()
    {
        await using var server = await Server.StartAsync();
        using var observer = ProtocolClient.Connect(server);
        var socket = await RawConnectAsync(server);
        await WaitUntilAsync(() => server.ConnectionCount == 2, "the raw connection was accepted");
        // half a message header, then a reset (linger 0)
        await socket.SendAsync(new byte[20]);
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
        await WaitUntilAsync(() => server.ConnectionCount == 1, "the server dropped the reset connection");
        Assert.Equal("X", observer.Query("SELECT * FROM DUMMY")[0][0]);
    }

    private static async Task<Socket> RawConnectAsync(Server server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000 };
        await socket.ConnectAsync(server.Host, server.Port);
        await socket.SendAsync(Hello.ClientRequest.ToArray());
        var hello = new byte[Hello.ReplySize];
        await ReceiveExactlyAsync(socket, hello);
        Assert.Equal(ServerParts.HelloReply.ToArray(), hello);
        return socket;
    }

    private static async Task<ParsedMessage> RoundTripAsync(Socket socket, PacketWriter request)
    {
        await socket.SendAsync(request.WrittenMemory);
        var header = new byte[MessageHeader.Size];
        await ReceiveExactlyAsync(socket, header);
        var length = (int)MessageHeader.Read(header).VarPartLength;
        var message = new byte[MessageHeader.Size + length];
        header.CopyTo(message, 0);
        await ReceiveExactlyAsync(socket, message.AsMemory(MessageHeader.Size));
        var parsed = new ParsedMessage();
        parsed.Parse(message, message.Length);
        return parsed;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (buffer.Length > 0)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.True(received > 0, "the server closed the connection early");
            buffer = buffer[received..];
        }
    }

    private static async Task<int> ReceiveSomeAsync(Socket socket, Memory<byte> buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            return await socket.ReceiveAsync(buffer, timeout.Token);
        }
        catch (SocketException)
        {
            return 0; // a reset counts as closed
        }
    }
}
