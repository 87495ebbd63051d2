using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Driver.Core.Net;
using Driver.Core.Protocol;
using Driver.TestServer.Protocol;

namespace Driver.TestServer.Wire;

/// <summary>
/// One client connection: TLS (if configured) from the first byte, the §2 hello, then strictly one request and
/// one reply at a time (§1.3). Requests are read through a PipeReader and parsed synchronously once whole.
/// </summary>
internal sealed class ServerConnection
{
    private readonly TestServer _server;
    private readonly Socket _socket;
    private readonly PacketWriter _replyWriter = new(64 * 1024);
    private readonly PacketWriter _compressWriter = new(4096);
    private readonly ParsedMessage _request = new();
    private byte[] _requestBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private readonly MessageBuffer _inflated = new(1024);
    private readonly byte[] _headerBytes = new byte[MessageHeader.Size];
    private SessionFaults? _faults;
    private long _bytesSent;
    private int _aborted;

    public ServerConnection(TestServer server, Socket socket, long sessionId, SessionFaults? faults)
    {
        _server = server;
        _socket = socket;
        _faults = faults;
        Session = new ServerSession(server, this, sessionId);
    }

    public ServerSession Session { get; }

    /// <summary>The node, tenant port or system-database port the client connected to (docs/scale-out.md).</summary>
    public TestServerNode Listener { get; init; } = null!;

    public string? RemoteHost => (_socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString();

    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            try
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
                // the session ended on its own a moment ago (its stream owns the socket and closed it) and has not
                // left the server's connection list yet: nothing to abort
            }
            _socket.Dispose();
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        Stream stream = new NetworkStream(_socket, ownsSocket: true);
        try
        {
            if (_server.Options.Certificate is { } certificate)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                var tls = new SslServerAuthenticationOptions { ServerCertificate = certificate };
                _server.Options.ClientCertificates?.Require(tls);
                await ssl.AuthenticateAsServerAsync(tls, stopping).ConfigureAwait(false);
                stream = ssl;
            }
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 16384));
            if (!await ReadHelloAsync(reader, stopping).ConfigureAwait(false))
            {
                return;
            }
            await stream.WriteAsync(ServerParts.HelloReply.ToArray(), stopping).ConfigureAwait(false);
            var handler = new RequestHandler(Session, _server);
            while (!stopping.IsCancellationRequested)
            {
                var length = await ReadMessageAsync(reader, stopping).ConfigureAwait(false);
                if (length < 0)
                {
                    return;
                }
                bool keepOpen;
                try
                {
                    _request.Parse(_requestBuffer, length);
                    keepOpen = handler.Handle(_request, _replyWriter);
                }
                catch (HanaProtocolException exception)
                {
                    // §12.2: protocol errors are fatal; say why, then close
                    handler.WriteError(_replyWriter, 1033, "HY000", 0, "error while parsing protocol: " + exception.Message, HanaErrorLevel.Fatal, FunctionCode.Nil, _request.Header.PacketCount);
                    keepOpen = false;
                }
                finally
                {
                    Session.EndRequest();
                }
                if (!await SendReplyAsync(stream, handler, stopping).ConfigureAwait(false))
                {
                    return;
                }
                if (!keepOpen)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException or InvalidOperationException)
        {

            // the client went away or the server is stopping: an abrupt close is a normal end of a session
        }
        finally
        {
            Session.Close();
            Abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(_requestBuffer);
            _requestBuffer = [];
            _replyWriter.Dispose();
            _compressWriter.Dispose();
            _inflated.Dispose();
        }
    }

    private static async Task<bool> ReadHelloAsync(PipeReader reader, CancellationToken stopping)
    {
        while (true)
        {
            var result = await reader.ReadAsync(stopping).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= Hello.RequestSize)
            {
                // §2.1: consume exactly 14 bytes; versions are not validated
                reader.AdvanceTo(buffer.GetPosition(Hello.RequestSize));
                return true;
            }
            if (result.IsCompleted)
            {
                return false;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads one whole request into the request buffer (decompressed); -1 when the client closed.</summary>
    private async Task<int> ReadMessageAsync(PipeReader reader, CancellationToken stopping)
    {
        while (true)
        {
            var result = await reader.ReadAsync(stopping).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= MessageHeader.Size)
            {
                buffer.Slice(0, MessageHeader.Size).CopyTo(_headerBytes);
                var header = MessageHeader.Read(_headerBytes);
                if (header.VarPartLength > (uint)(_server.Options.MaxMessageSize - MessageHeader.Size))
                {
                    throw new IOException($"Request of {header.VarPartLength} bytes exceeds the limit.");
                }
                var total = MessageHeader.Size + (int)header.VarPartLength;
                if (buffer.Length >= total)
                {
                    if (_requestBuffer.Length < total)
                    {
                        ArrayPool<byte>.Shared.Return(_requestBuffer);
                        _requestBuffer = ArrayPool<byte>.Shared.Rent(total);
                    }
                    buffer.Slice(0, total).CopyTo(_requestBuffer);
                    reader.AdvanceTo(buffer.GetPosition(total));
                    return header.IsCompressed ? Inflate(total) : total;
                }
            }
            if (result.IsCompleted)
            {
                return -1;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>§11.2: compressed requests are inflated into a second buffer, which then becomes the request buffer.</summary>
    private int Inflate(int total)
    {
        PacketCodec.Inflate(_requestBuffer.AsSpan(0, total), _inflated, _server.Options.MaxMessageSize);
        var inflated = _inflated.Buffer;
        if (_requestBuffer.Length < _inflated.Length)
        {
            ArrayPool<byte>.Shared.Return(_requestBuffer);
            _requestBuffer = ArrayPool<byte>.Shared.Rent(_inflated.Length);
        }
        inflated.AsSpan(0, _inflated.Length).CopyTo(_requestBuffer);
        return _inflated.Length;
    }

    private async Task<bool> SendReplyAsync(Stream stream, RequestHandler handler, CancellationToken stopping)
    {
        var reply = _replyWriter;
        if (Session.CompressionEnabled && PacketCodec.TryCompress(_replyWriter, _compressWriter))
        {
            reply = _compressWriter;
        }
        if (_server.Options.ReplyLatency > TimeSpan.Zero && Session.ConnectionId != 0)
        {
            // a remote server's latency (TestServerOptions.ReplyLatency): a timer, no CPU
            await Task.Delay(_server.Options.ReplyLatency, stopping).ConfigureAwait(false);
        }
        var faults = Faults;
        if (faults is not null)
        {
            if (faults.DropAt != FaultPoint.None && faults.DropAt == handler.LastFaultPoint)
            {
                Abort();
                return false;
            }
            if (faults.StallReply > TimeSpan.Zero && faults.StallCount is not 0)
            {
                if (faults.StallCount is int left)
                {
                    faults.StallCount = left - 1;
                }
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(stopping, Session.RequestCancellation);
                try
                {
                    await StallAsync(faults.StallReply, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // cancelled by ALTER SYSTEM CANCEL SESSION: the stalled statement ends with 139
                    Session.UndoRequest();
                    handler.WriteError(_replyWriter, 139, "HY008", 0, "current operation cancelled by request", HanaErrorLevel.Error, FunctionCode.Nil, _request.Header.PacketCount);
                    reply = _replyWriter;
                }
            }
            if (faults.CorruptReplyOffsets is { } offsets)
            {
                foreach (var offset in offsets)
                {
                    if (offset >= 0 && offset < reply.Length)
                    {
                        reply.Buffer[offset] ^= 0xA5;
                    }
                }
                faults.CorruptReplyOffsets = null;
            }
            if (faults.DropAfterBytes is long limit && _bytesSent + reply.Length > limit)
            {
                var cut = (int)Math.Max(0, limit - _bytesSent);
                await stream.WriteAsync(reply.WrittenMemory.Slice(0, cut), stopping).ConfigureAwait(false);
                await stream.FlushAsync(stopping).ConfigureAwait(false);
                Abort();
                return false;
            }
        }
        await stream.WriteAsync(reply.WrittenMemory, stopping).ConfigureAwait(false);
        _bytesSent += reply.Length;
        return true;
    }

    /// <summary>
    /// Holds a reply back, but not past the client's going away: a session whose client closed its socket ends
    /// (as a real server's would) instead of lingering in SYS.M_CONNECTIONS until the stall is over.
    /// </summary>
    private async Task StallAsync(TimeSpan length, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow + length;
        while (true)
        {
            // read the clock once per turn: a second reading could fall past the end and make the delay negative
            // (Task.Delay then throws and the session was dropped: the flaky reset CancelRaceTests saw)
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            await Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), cancellation).ConfigureAwait(false);
            // readable with nothing to read: the client closed (one request at a time, §1.3, so no request waits)
            if (_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0)
            {
                throw new IOException("the client closed the connection while its reply was stalled");
            }
        }
    }

    /// <summary>Faults planned for this session: at accept time, or later by its connection id.</summary>
    internal SessionFaults? Faults
    {
        get
        {
            // a plan given later by connection id replaces the one in force
            if (Session.ConnectionId != 0 && _server.Faults.TakeForConnection(Session.ConnectionId) is { } newer)
            {
                if (newer.DropAfterFurtherBytes is long further)
                {
                    newer.DropAfterBytes = _bytesSent + further;
                }
                _faults = newer;
            }
            return _faults;
        }
    }
}
