using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

/// <summary>
/// Answers one request message with one reply message (§9.1), following §15.2: one segment, every part padded,
/// only part kinds all known clients accept, ERROR parts first in kind-5 segments.
/// </summary>
internal sealed partial class RequestHandler
{
    private readonly ServerSession _session;
    private readonly TestServer _server;
    private MessageBuilder? _builder;

    public RequestHandler(ServerSession session, TestServer server)
    {
        _session = session;
        _server = server;
    }

    /// <summary>The named fault point of the request being answered (for fault injection).</summary>
    public FaultPoint LastFaultPoint { get; private set; }

    private MessageBuilder Builder(PacketWriter writer) => _builder is { } builder && builder.Writer == writer ? builder : _builder = new MessageBuilder(writer);

    /// <summary>Writes the reply into <paramref name="writer"/>; returns false when the connection must close after it.</summary>
    public bool Handle(ParsedMessage request, PacketWriter writer)
    {
        var type = request.Segment.MessageType;
        var packetCount = request.Header.PacketCount;
        LastFaultPoint = FaultPoint.None;
        _session.BeginRequest();
        if (request.Segment.Kind != SegmentKind.Request)
        {
            WriteError(writer, 1033, "HY000", 0, $"error while parsing protocol: segment kind {(int)request.Segment.Kind} in a request", HanaErrorLevel.Fatal, FunctionCode.Nil, packetCount);
            return false;
        }
        if (_server.Options.Trace)
        {
            Console.Error.WriteLine($"[{_session.SessionId}] {type} ({request.Parts.Count} parts)");
        }
        try
        {
            switch (type)
            {
                case MessageType.Authenticate:
                    LastFaultPoint = FaultPoint.Authentication;
                    return HandleAuthenticate(request, writer);
                case MessageType.Connect:
                    LastFaultPoint = FaultPoint.Authentication;
                    return HandleConnect(request, writer);
                case MessageType.DbConnectInfo:
                    return HandleDbConnectInfo(request, writer);
                case MessageType.Disconnect:
                    BeginReply(writer, packetCount, FunctionCode.Disconnect).Finish();
                    return false;
            }
            if (!_session.IsAuthenticated)
            {
                WriteError(writer, 10, "28000", 0, "authentication failed: the session is not connected", HanaErrorLevel.Fatal, FunctionCode.Nil, packetCount);
                return false;
            }
            if (type == MessageType.ClientPing)
            {
                BeginReply(writer, packetCount, FunctionCode.Nil).Finish();
                return true;
            }
            return HandleStatementRequest(request, writer);
        }
        catch (ServerError error) when (_session.CancelRequested)
        {
            // the engine was interrupted by ALTER SYSTEM CANCEL SESSION: HANA's code for it
            WriteError(writer, 139, "HY008", 0, "current operation cancelled by request", HanaErrorLevel.Error, error.FunctionCode, packetCount);
            return true;
        }
        catch (ServerError error)
        {
            WriteError(writer, error.Code, error.SqlState, error.Position, error.Message, error.Level, error.FunctionCode, packetCount);
            return error.Level != HanaErrorLevel.Fatal;
        }
    }

    private MessageBuilder BeginReply(PacketWriter writer, int packetCount, FunctionCode functionCode)
    {
        var builder = Builder(writer);
        // §3.1: before CONNECT completes the header carries 0; afterwards the session id
        builder.BeginReply(_session.IsAuthenticated ? _session.SessionId : 0, packetCount, SegmentKind.Reply, functionCode);
        return builder;
    }

    /// <summary>An error reply (§12.2): segment kind 5, the ERROR part first.</summary>
    public void WriteError(PacketWriter writer, int code, string sqlState, int position, string message, HanaErrorLevel level, FunctionCode functionCode, int packetCount)
    {
        var builder = Builder(writer);
        builder.BeginReply(_session.IsAuthenticated ? _session.SessionId : 0, packetCount, SegmentKind.Error, functionCode);
        builder.BeginPart(PartKind.Error);
        ServerParts.WriteErrors(writer, [new ErrorRecord(code, position, level, sqlState, message)]);
        builder.EndPart(1);
        builder.Finish();
    }
}
