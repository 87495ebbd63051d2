using Driver.Core.Auth;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;

namespace Driver.Benchmarks.Compare;

/// <summary>
/// The lower bound for round trips and transfer: a client on the bare transport that logs in, then sends the
/// same request bytes a driver would and only frames the replies (row counts and the last-packet bit),
/// decoding no value.
/// </summary>
internal sealed partial class RawClient : IDisposable
{
    private readonly Transport _transport;
    private readonly PacketWriter _request = new(64 * 1024);
    private readonly MessageBuilder _builder;
    private readonly MessageBuffer _reply = new(1 << 20);
    private readonly ParsedMessage _parsed = new();
    private long _sessionId;
    private int _packetCount;

    private RawClient(Transport transport)
    {
        _transport = transport;
        _builder = new MessageBuilder(_request);
    }

    public long BytesReceived => _transport.BytesReceived;

    /// <summary>Every reply received since <see cref="StartCapture"/>, for the memcpy bound.</summary>
    public List<byte[]>? Captured { get; private set; }

    public void StartCapture() => Captured = new List<byte[]>();

    public static RawClient Connect(string host, int port, string user, string password)
    {
        var transport = new Transport(new TransportOptions { Host = host, Port = port });
        transport.ConnectSync(Deadline.None, "the benchmark client sets no connect deadline");
        var client = new RawClient(transport);
        using var scram = new ScramClient(user, password);
        var builder = client.Begin(MessageType.Authenticate);
        builder.BeginPart(PartKind.Authentication);
        client._request.WriteBytes(scram.BuildAuthenticateRequest());
        builder.EndPart(1);
        var reply = client.RoundTrip();
        reply.TryGetPart(PartKind.Authentication, out var auth);
        scram.HandleAuthenticateReply(reply.GetPartSpan(auth));
        builder = client.Begin(MessageType.Connect);
        builder.BeginPart(PartKind.Authentication);
        client._request.WriteBytes(scram.BuildConnectRequest());
        builder.EndPart(1);
        var options = new OptionSet().Set((int)ConnectOptionId.DataFormatVersion2, OptionValue.Int(8));
        builder.BeginPart(PartKind.ConnectOptions);
        OptionsPart.Write(client._request, options);
        builder.EndPart(options.Count);
        reply = client.RoundTrip();
        client._sessionId = reply.Header.SessionId;
        return client;
    }

    private MessageBuilder Begin(MessageType type, bool commit = false)
    {
        _builder.BeginRequest(_sessionId, _packetCount++, type, commit);
        return _builder;
    }

    private ParsedMessage RoundTrip()
    {
        _builder.Finish();
        _transport.SendSync(_request.Buffer, _request.Length);
        _transport.ReceiveSync(_reply);
        Captured?.Add(_reply.Buffer.AsSpan(0, _reply.Length).ToArray());
        _parsed.Parse(_reply.Buffer, _reply.Length);
        if (_parsed.Segment.Kind == SegmentKind.Error)
        {
            _parsed.TryGetPart(PartKind.Error, out var error);
            throw ErrorPart.Read(_parsed.GetPartSpan(error), error.ArgumentCount)[0].ToException();
        }
        return _parsed;
    }

    /// <summary>Runs a query and pages through it; returns the number of rows.</summary>
    public long Fetch(string sql, int fetchSize)
    {
        var builder = BeginExecuteDirect(sql, fetchSize);
        var reply = RoundTrip();
        reply.TryGetPart(PartKind.ResultSetId, out var idPart);
        var id = SimpleParts.ReadId(reply.GetPartSpan(idPart));
        long rows = 0;
        while (true)
        {
            reply.TryGetPart(PartKind.ResultSet, out var part);
            rows += part.ArgumentCount;
            if ((part.Attributes & PartAttributes.LastPacket) != 0)
            {
                return rows;
            }
            builder = Begin(MessageType.FetchNext);
            builder.BeginPart(PartKind.ResultSetId);
            SimpleParts.WriteId(_request, id);
            builder.EndPart(1);
            builder.BeginPart(PartKind.FetchSize);
            _request.WriteInt32(fetchSize);
            builder.EndPart(1);
            reply = RoundTrip();
        }
    }

    /// <summary>PREPARE once; returns the statement id.</summary>
    public long Prepare(string sql) => PrepareWithParameters(sql).Id;

    /// <summary>EXECUTE of a prepared single-row select with one INT parameter (the same bytes a driver sends).</summary>
    public void ExecuteIntParameter(long statementId, int value)
    {
        var builder = Begin(MessageType.Execute, commit: true);
        builder.BeginPart(PartKind.StatementId);
        SimpleParts.WriteId(_request, statementId);
        builder.EndPart(1);
        builder.BeginPart(PartKind.Parameters);
        _request.WriteByte((byte)HanaTypeCode.Int);
        _request.WriteInt32(value);
        builder.EndPart(1);
        RoundTrip();
    }

    public void Dispose()
    {
        _transport.Dispose();
        _request.Dispose();
        _reply.Dispose();
    }
}
