using Driver.Core.Auth;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// One authenticated HANA session: the transport, the request and reply buffers, the negotiated options and
/// the queue of server-side releases. Reference-counted: connections, statements and result sets each hold a
/// reference, and DISCONNECT is sent once, when the last one goes.
/// Requests are values (<see cref="Request"/>) built by flavor-free code; processing replies is flavor-free; only the
/// round trip exists twice (<c>RoundTripSync</c> / <c>RoundTripAsync</c>), calling the transport's pairs, and
/// multi-step workflows run on one pump per flavor (ConnectionCore.Pump.cs).
/// </summary>
internal sealed partial class ConnectionCore : IDisposable
{
    /// <summary>
    /// The reply buffer a connection keeps between round trips. A READLOB reply of the 1 MiB chunk the driver asks for
    /// (LobReaderCore.ChunkBytes) plus its headers lands in a 2 MiB pooled array: with 1 MiB here the buffer was given
    /// back after every chunk and regrown, copying as it grew, for the next one (issue 18's LOB read).
    /// </summary>
    private const int MaxRetainedBuffer = 2 << 20;

    private readonly ConnectionSettings _settings;
    private readonly Transport _transport;
    private readonly PacketWriter _compressed = new(1024);
    private readonly MessageBuffer _reply = new();
    private readonly MessageBuffer _inflated = new(1024);
    private readonly ParsedMessage _parsed = new();
    private readonly Queue<(MessageType Type, long Id)> _pendingReleases = new();
    private readonly object _releaseLock = new();
    private readonly List<ErrorRecord> _warnings = new();
    private int _packetCount;
    private int _references = 1;
    private byte[]? _statementSequenceInfo;

    private readonly string _host;
    private readonly int _port;

    public ConnectionCore(ConnectionSettings settings, string host, int port)
    {
        _settings = settings;
        _host = host;
        _port = port;
        foreach (var pair in settings.ClientInfo)
        {
            SetClientInfo(pair.Key, pair.Value);
        }
        _transport = new Transport(new TransportOptions
        {
            Host = host,
            Port = port,
            Encrypt = settings.Encrypt,
            ValidateCertificate = settings.ValidateCertificate,
            HostNameInCertificate = settings.HostNameInCertificate,
            TrustedRoots = settings.TrustedRoots,
            ClientCertificate = settings.ClientCertificate,
            ConnectTimeout = settings.ConnectTimeout,
            MaxMessageSize = settings.MaxMessageSize,
            KeepAlive = settings.KeepAlive,
        });
    }

    public ConnectionSettings Settings => _settings;

    public long SessionId { get; private set; }
    public int ConnectionId { get; private set; }
    public int DataFormatVersion { get; private set; } = 1;
    public bool CompressionEnabled { get; private set; }
    public OptionSet ServerOptions { get; private set; } = new();
    public IReadOnlyList<OptionSet> Topology { get; private set; } = [];
    public ConnectionStatistics Statistics { get; } = new();
    public string Endpoint => _transport.Endpoint;
    public bool IsOpen => ConnectionId != 0 && !IsBroken && Volatile.Read(ref _references) > 0;
    public bool IsBroken => _transport.IsBroken;

    /// <summary>Warnings (level-0 ERROR records, §12.3) of the last round trip; they never throw.</summary>
    public IReadOnlyList<ErrorRecord> Warnings => _warnings;

    /// <summary>Transaction state reported by the last TRANSACTIONFLAGS part (§6.5).</summary>
    public bool TransactionWritten { get; private set; }

    /// <summary>Adds a reference (a statement or result set that needs the session alive).</summary>
    public ConnectionCore AddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current <= 0)
            {
                throw new ObjectDisposedException(nameof(ConnectionCore), "The connection is closed.");
            }
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return this;
            }
        }
    }

    /// <summary>
    /// Queues a CLOSERESULTSET, DROPSTATEMENTID or ROLLBACK (id ignored) to go out before the next request: disposal must never block
    /// or interleave with a running request, so it does not send by itself.
    /// </summary>
    public void QueueRelease(MessageType type, long id)
    {
        if (IsBroken || Volatile.Read(ref _references) <= 0)
        {
            return; // the server drops everything of a dead session (§9.3)
        }
        lock (_releaseLock)
        {
            _pendingReleases.Enqueue((type, id));
        }
    }

    public int PendingReleaseCount
    {
        get
        {
            lock (_releaseLock)
            {
                return _pendingReleases.Count;
            }
        }
    }

    private bool TryDequeueRelease(out (MessageType Type, long Id) release)
    {
        lock (_releaseLock)
        {
#if NET5_0_OR_GREATER
            return _pendingReleases.TryDequeue(out release);
#else
            if (_pendingReleases.Count > 0)
            {
                release = _pendingReleases.Dequeue();
                return true;
            }
            release = default;
            return false;
#endif
        }
    }

    /// <summary>
    /// A new request for this session: a value the caller fills with parts and hands to the round-trip pair. The
    /// connection contributes only what the protocol wants echoed (§15.1 item 9: the statement sequence info, as
    /// node-hdb does); it keeps nothing of the request.
    /// </summary>
    public Request NewRequest(MessageType type, bool commit = false, CommandOptions options = CommandOptions.None)
    {
        var request = Request.Create(type, commit, options);
        if (_statementSequenceInfo is { } info && type is MessageType.Execute or MessageType.ExecuteDirect or MessageType.Prepare or MessageType.FetchNext)
        {
            request.BeginPart(PartKind.StatementContext);
            var context = new OptionSet().Set((int)StatementContextId.StatementSequenceInfo, OptionValue.BString(info));
            OptionsPart.Write(request.Writer, context);
            request.EndPart(context.Count);
        }
        if (type is MessageType.Execute or MessageType.ExecuteDirect or MessageType.Prepare)
        {
            WriteClientInfo(request);
        }
        return request;
    }

    /// <summary>
    /// Before a request goes out: the session is usable, and between requests the server sends nothing (§1.3), so
    /// bytes waiting now are a reply nobody asked for (a reply sent twice, the tail of a misframed one) and the next
    /// reply read would be theirs. Only once the session exists (the TLS handshake's late records are long consumed)
    /// and while no prefetch owns the wire.
    /// </summary>
    private void CheckUsable()
    {
        ThrowIfUnusable();
        if (SessionId != 0 && !IsBusy && _transport.IsIdleSocketDead())
        {
            var dead = new HanaConnectionException(
                $"The server closed the connection to {Endpoint}, or sent bytes no request asked for (out of step); the connection was closed.");
            NoteBroken(dead);
            throw _transport.Break("Idle connection unusable", dead);
        }
    }

    private void ThrowIfUnusable()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            throw new ObjectDisposedException(nameof(ConnectionCore), "The connection is closed.");
        }
        if (IsBroken)
        {
            throw new HanaConnectionException($"The connection to {Endpoint} is broken and cannot be used.");
        }
    }

    /// <summary>
    /// Numbers the request (§3.1: the session id, the next packet count) and compresses it when negotiated and
    /// worthwhile (§11.2); returns what to send.
    /// </summary>
    private PacketWriter PrepareSend(Request message)
    {
        _sentPacketCount = _packetCount++;
        var request = message.Finish(SessionId, _sentPacketCount);
        Statistics.RoundTrips++;
        Statistics.BytesSentUncompressed += request.Length;
        var outgoing = request;
        if (CompressionEnabled && PacketCodec.TryCompress(request, _compressed))
        {
            outgoing = _compressed;
            Statistics.CompressedRequests++;
        }
        Statistics.BytesSent += outgoing.Length;
        return outgoing;
    }

    /// <summary>Decompresses and parses the received reply, then applies it (errors, warnings, flags).</summary>
    private ParsedMessage ProcessReply() => ProcessReply(_reply, _inflated, _parsed);

    /// <summary>The last reply of the request path, also when it was an error (wire-level tests read its parts).</summary>
    internal ParsedMessage LastReply => _parsed;

    /// <summary>
    /// The same for a reply received into other buffers (the async flavor's page prefetch). A reply that cannot be
    /// read breaks the connection (<see cref="ProtocolFailure"/>): whatever follows it on the wire is out of step.
    /// </summary>
    private ParsedMessage ProcessReply(MessageBuffer reply, MessageBuffer inflated, ParsedMessage parsed)
    {
        try
        {
            Statistics.BytesReceived += reply.Length;
            var message = reply;
            var header = MessageHeader.Read(reply.Buffer.AsSpan(0, MessageHeader.Size));
            CheckPacketCount(header.PacketCount);
            if (header.IsCompressed)
            {
                message = inflated;
                PacketCodec.Inflate(reply.Buffer.AsSpan(0, reply.Length), message, _settings.MaxMessageSize);
                Statistics.CompressedReplies++;
            }
            else if (header.PacketOptions != 0)
            {
                // §3.1: a reply carries 0 or 2 here; anything else is not a message this driver can read
                throw new HanaProtocolException($"The reply's packet options are {(int)header.PacketOptions}; 0 or 2 (compressed) are defined.");
            }
            Statistics.BytesReceivedUncompressed += message.Length;
            parsed.Parse(message.Buffer, message.Length);
            if (parsed.Segment.Kind is not (SegmentKind.Reply or SegmentKind.Error))
            {
                throw new HanaProtocolException($"The reply's segment has kind {(int)parsed.Segment.Kind}; a reply (2) or an error (5) is required (§3.2).");
            }
            ApplyReply(parsed);
            return parsed;
        }
        catch (Exception exception) when (IsMalformedReply(exception))
        {
            throw ProtocolFailure(exception);
        }
    }

    // 0: not known yet; 1: this server echoes the request's packet count; -1: it does not
    private int _packetCountEcho;
    private int _sentPacketCount;

    /// <summary>
    /// §3.1: a server echoes the request's packet count in its reply (node-hdb's mock does, so does the test server;
    /// clients must not rely on it). Once this server has echoed a non-zero count, a reply with another count
    /// answers some other request (a reply sent twice, say): the connection is out of step. A server that does not
    /// echo is never held to it.
    /// </summary>
    private void CheckPacketCount(int replyCount)
    {
        var sent = _sentPacketCount;
        if (replyCount == sent)
        {
            if (sent != 0 && _packetCountEcho == 0)
            {
                _packetCountEcho = 1;
            }
            return;
        }
        if (_packetCountEcho == 1)
        {
            throw new HanaProtocolException($"A reply for packet {replyCount} arrived for request packet {sent}: the connection is out of step.");
        }
        _packetCountEcho = -1;
    }

    /// <summary>
    /// What reading a reply that lies throws: the parsers' own HanaProtocolException, and the exceptions the BCL
    /// throws for bytes that do not decode (an index, length, cast or format that the wire got wrong). A
    /// HanaException the server sent (an ERROR part) is not one: it leaves the connection in step.
    /// </summary>
    internal static bool IsMalformedReply(Exception exception) =>
        exception is HanaProtocolException or IndexOutOfRangeException or ArgumentException or InvalidCastException
            or OverflowException or FormatException or System.Text.DecoderFallbackException or InvalidDataException or EndOfStreamException;

    /// <summary>
    /// Breaks the connection for a reply that cannot be trusted and returns the HanaProtocolException to throw. Once
    /// one reply was misread, nothing says where the next one starts: the connection is never used again (a pooled
    /// session is discarded, later calls fail with HanaConnectionException).
    /// </summary>
    internal HanaProtocolException ProtocolFailure(Exception cause)
    {
        var error = cause as HanaProtocolException ?? new HanaProtocolException($"The server's reply cannot be read: {cause.Message}", cause);
        _transport.Break("The server's reply broke the protocol", error);
        return error;
    }

    private void ApplyReply(ParsedMessage reply)
    {
        _warnings.Clear();
        // §4.4: SET SCHEMA (and other session-changing statements) reply with function code DDL; a pooled
        // session that saw one restores its schema before it is reused
        if (reply.Segment.FunctionCode == FunctionCode.Ddl)
        {
            SessionStateChanged = true;
            // the cached statements' texts may mean something else now (ConnectionCore.StatementCache.cs)
            ClearStatementCache();
        }
        List<ErrorRecord>? errors = null;
        PartRef? rowsAffected = null;
        // by index: a foreach over the IReadOnlyList boxed an enumerator on every reply
        var parts = reply.Parts;
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            switch (part.Kind)
            {
                case PartKind.Error:
                    foreach (var record in ErrorPart.Read(reply.GetPartSpan(part), part.ArgumentCount))
                    {
                        if (record.IsWarning)
                        {
                            _warnings.Add(record);
                        }
                        else
                        {
                            (errors ??= []).Add(record);
                        }
                    }
                    break;
                case PartKind.RowsAffected:
                    rowsAffected = part;
                    break;
                case PartKind.DbConnectInfo:
                    // §13.3: the implicit redirect at AUTHENTICATE (ConnectionCore.Redirect.cs)
                    NoteRedirect(reply, part);
                    break;
                case PartKind.TopologyInformation when SessionId != 0:
                    // §6.17: a reply after CONNECT (whose listing SessionOpening reports) names the nodes anew; the
                    // data source's snapshot follows it (docs/scale-out.md)
                    Topology = OptionsPart.ReadMultiline(reply.GetPartSpan(part), part.ArgumentCount);
                    _settings.Topology?.Learned(Topology, _host, _port);
                    break;
                case PartKind.TransactionFlags:
                    ApplyTransactionFlags(OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount));
                    break;
                case PartKind.StatementContext:
                    var context = OptionsPart.Read(reply.GetPartSpan(part), part.ArgumentCount);
                    if (context.GetBytes((int)StatementContextId.StatementSequenceInfo) is { } info)
                    {
                        _statementSequenceInfo = info;
                    }
                    Statistics.ServerProcessingTime += context.TryGet((int)StatementContextId.ServerProcessingTime, out var time) && time.IsInteger ? time.AsInt64() : 0;
                    break;
            }
        }
        if (errors is not null)
        {
            var fatal = errors.Find(record => record.Level == HanaErrorLevel.Fatal);
            if (fatal is not null)
            {
                // §12.2: the server ended the session
                var error = fatal.ToException();
                _transport.Break("The server ended the session", error);
                throw error;
            }
            // §12.2: a batch whose rows partly failed also reports ROWSAFFECTED, -3 for each failed row
            throw rowsAffected is { } counts
                ? BatchFailure.Create(errors, SimpleParts.ReadRowsAffected(reply.GetPartSpan(counts), counts.ArgumentCount))
                : errors[0].ToException();
        }
    }

    private void ApplyTransactionFlags(OptionSet flags)
    {
        if (flags.GetBoolean((int)TransactionFlagId.SessionClosingTransactionError, false))
        {
            // §6.5 / §9.4: the session is unusable
            _transport.Break("The server reported a session-closing transaction error", new HanaConnectionException("The server closed the session after a transaction error."));
            return;
        }
        if (flags.GetBoolean((int)TransactionFlagId.Committed, false) || flags.GetBoolean((int)TransactionFlagId.RolledBack, false))
        {
            TransactionWritten = false;
        }
        if (flags.GetBoolean((int)TransactionFlagId.WriteTransactionStarted, false))
        {
            TransactionWritten = true;
        }
    }

    private void AfterRoundTrip()
    {
        if (_reply.Buffer.Length > MaxRetainedBuffer)
        {
            _reply.Trim(MaxRetainedBuffer);
        }
    }

    // ---------------------------------------------------------------- releasing

    private static Request BuildRelease((MessageType Type, long Id) release)
    {
        var request = Request.Create(release.Type);
        // a queued ROLLBACK (a transaction disposed without blocking) carries no part (§9.4)
        if (release.Type != MessageType.Rollback)
        {
            request.BeginPart(release.Type == MessageType.CloseResultSet ? PartKind.ResultSetId : PartKind.StatementId);
            SimpleParts.WriteId(request.Writer, release.Id);
            request.EndPart(1);
        }
        return request;
    }

    /// <summary>Drops one reference; the last one disconnects (best effort) and closes the socket.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            CloseNow();
        }
    }

    public void Dispose() => Release();

    private void CloseNow()
    {
        ForgetStatementCache();
        _signIn?.Dispose();
        if (_transport.IsBroken && SessionCookie.Length > 0)
        {
            // the network lost the session: its cookie signs the next one in (§8.4)
            _settings.SessionCookies.Keep(LogonName, SessionCookie);
        }
        _transport.Dispose();
        _compressed.Dispose();
        _reply.Dispose();
        _inflated.Dispose();
#if ASYNC
        _prefetchReply.Dispose();
        _prefetchInflated.Dispose();
        Interlocked.Exchange(ref _spareTimeout, null)?.Dispose();
#endif
    }

    public override string ToString() => $"HANA session {SessionId} (connection {ConnectionId}) at {Endpoint}";
}
