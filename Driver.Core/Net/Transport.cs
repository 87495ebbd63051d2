using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using Driver.Core.Protocol;
#if ASYNC
using System.Buffers;
using System.IO.Pipelines;
#endif

namespace Driver.Core.Net;

/// <summary>
/// The only I/O of the driver: one TCP (optionally TLS) connection that sends whole messages and receives
/// whole messages. Each operation exists once per flavor, side by side: <c>ConnectSync</c>/<c>ConnectAsync</c>,
/// <c>SendSync</c>/<c>SendAsync</c>, <c>ReceiveSync</c>/<c>ReceiveAsync</c>. Framing, compression and parsing
/// happen elsewhere, synchronously, over the buffers this class fills.
/// Any failure marks the transport broken; a broken transport is never used again.
/// </summary>
internal sealed class Transport : IDisposable
{
    private readonly TransportOptions _options;
    private Socket? _socket;
    private Stream? _stream;
#if ASYNC
    private PipeReader? _reader;
#endif
    private int _disposed;

    public Transport(TransportOptions options)
    {
        _options = options;
    }

    public bool IsBroken { get; private set; }
    public bool IsConnected => _stream is not null && !IsBroken && _disposed == 0;
    public long BytesSent { get; private set; }
    public long BytesReceived { get; private set; }
    public string Endpoint => $"{_options.Host}:{_options.Port}";

#if SYNC
    /// <summary>
    /// Opens the socket, starts TLS when asked (§1.2) and does the §2 hello, all before <paramref name="deadline"/>
    /// (a <see cref="Deadline"/> timestamp): the TCP connect, every TLS handshake read and the hello reply are bounded
    /// by the one Connect Timeout. The deadline stays set for the sign-in round trips that follow.
    /// </summary>
    public void ConnectSync(long deadline, string deadlineReason)
    {
        try
        {
            SetDeadline(deadline, deadlineReason);
            var socket = ConnectSocketSync(deadline);
            _socket = socket;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Encrypt)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, CertificateValidation.Create(_options));
                // the handshake reads through the NetworkStream, so the socket timeout set here bounds each of them
                ApplyDeadline();
                ssl.AuthenticateAsClient(_options.HostNameInCertificate ?? _options.Host, null, SslProtocols.None, checkCertificateRevocation: false);
                stream = ssl;
            }
            _stream = stream;
            ApplyDeadline();
            stream.Write(Hello.ClientRequest.ToArray(), 0, Hello.RequestSize);
            var reply = new byte[Hello.ReplySize];
            ReadExactlySync(reply, 0, reply.Length);
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break($"Cannot connect to {Endpoint}", exception);
        }
    }

    /// <summary>
    /// Connects with a plain blocking connect. On Unix a socket that was ever non-blocking or saw an asynchronous
    /// operation (BeginConnect included) serves every later blocking call through the async engine: a thread-pool
    /// work item per receive and spinning workers, several times the CPU of the receive itself (measured by the
    /// compare harness). The Connect Timeout is a timer that closes the socket; it fires only when it expires.
    /// </summary>
    private Socket ConnectSocketSync(long deadline)
    {
        Exception? last = null;
        foreach (var address in Dns.GetHostAddresses(_options.Host))
        {
            // no deadline: the timer below never fires (InfiniteTimeSpan)
            var remaining = Deadline.Remaining(deadline);
            if (deadline != Deadline.None && remaining <= TimeSpan.Zero)
            {
                break;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var expired = 0;
            using var timer = new Timer(_ => { Volatile.Write(ref expired, 1); socket.Dispose(); }, null, remaining, Timeout.InfiniteTimeSpan);
            try
            {
                socket.Connect(new IPEndPoint(address, _options.Port));
                timer.Change(Timeout.Infinite, Timeout.Infinite);
                if (Volatile.Read(ref expired) == 0)
                {
                    return socket;
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                last = exception;
            }
            socket.Dispose();
            if (Volatile.Read(ref expired) != 0)
            {
                break;
            }
        }
        if (Deadline.HasPassed(deadline))
        {
            throw new TimeoutException(_deadlineReason ?? $"Connect Timeout of {_options.ConnectTimeout.TotalSeconds:0.###} s expired.");
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Sets the socket's read/write timeout (the sync flavor's Command Timeout; never Task.Wait).</summary>
    public void ApplySyncTimeout(TimeSpan timeout)
    {
        if (_socket is null)
        {
            return;
        }
        var milliseconds = timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        // every round trip asks for its timeout, almost always the same one: two setsockopt calls saved per request
        if (milliseconds == _appliedTimeout)
        {
            return;
        }
        _socket.ReceiveTimeout = milliseconds;
        _socket.SendTimeout = milliseconds;
        _appliedTimeout = milliseconds;
    }

    private int _appliedTimeout = -1;
    // the deadline for blocking sends and reads (SetDeadline); its reason names what timed out
    private long _deadline;
    private string? _deadlineReason;
    /// <summary>
    /// Bounds every following blocking send and read by one <see cref="Deadline"/> timestamp (0: none): each read
    /// gets at most the time that remains, so a reply that trickles in cannot stretch the wait. An expired deadline
    /// breaks the transport with <paramref name="reason"/> as the message.
    /// </summary>
    public void SetDeadline(long deadline, string? reason)
    {
        _deadline = deadline;
        _deadlineReason = reason;
    }

    public void ClearDeadline() => SetDeadline(0, null);

    /// <summary>Narrows the socket timeout to what remains of the deadline; setsockopt only when it shrank by 50 ms or more.</summary>
    private void ApplyDeadline()
    {
        if (_deadline == 0)
        {
            return;
        }
        var remaining = Deadline.Remaining(_deadline);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException(_deadlineReason);
        }
        var milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining.TotalMilliseconds));
        // both ways: a timeout left longer than what remains would overshoot, a shorter one would end a read early
        if (_appliedTimeout <= 0 || Math.Abs(_appliedTimeout - milliseconds) > 50)
        {
            _socket!.ReceiveTimeout = milliseconds;
            _socket.SendTimeout = milliseconds;
            _appliedTimeout = milliseconds;
        }
    }

    public void SendSync(byte[] buffer, int count)
    {
        var stream = ActiveStream();
        try
        {
            ApplyDeadline();
            stream.Write(buffer, 0, count);
            stream.Flush();
            BytesSent += count;
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Sending to the server failed", exception);
        }
    }

    /// <summary>Receives one whole message (header + varPartLength bytes) into <paramref name="target"/>.</summary>
    public void ReceiveSync(MessageBuffer target)
    {
        ActiveStream();
        try
        {
            target.EnsureCapacity(MessageHeader.Size, 0);
            ReadExactlySync(target.Buffer, 0, MessageHeader.Size);
            var total = MessageTotalLength(target.Buffer);
            var received = MessageHeader.Size;
            while (received < total)
            {
                // grow with what arrives, not with what the header claims
                target.EnsureCapacity(NextCapacity(target.Buffer.Length, received, total), received);
                ApplyDeadline();
                var read = _stream!.Read(target.Buffer, received, Math.Min(total, target.Buffer.Length) - received);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"The server closed the connection after {received} of {total} bytes of a message.");
                }
                received += read;
            }
            target.Length = total;
            BytesReceived += total;
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Receiving from the server failed", exception);
        }
    }

    /// <summary>
    /// Waits until reply bytes can be read, at most <paramref name="timeout"/>; false when none came. Lets the sync
    /// flavor notice an expired Command Timeout before reading anything, so the connection stays in step.
    /// </summary>
    public bool WaitForDataSync(TimeSpan timeout)
    {
        ActiveStream();
        try
        {
            var microseconds = (long)Math.Min(int.MaxValue, Math.Max(0, timeout.TotalMilliseconds * 1000));
            return _socket!.Poll((int)microseconds, SelectMode.SelectRead);
        }
        catch (Exception exception) when (IsIoFailure(exception))
        {
            throw Break("Waiting for the server failed", exception);
        }
    }

    private void ReadExactlySync(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            ApplyDeadline();
            var read = _stream!.Read(buffer, offset, count);
            if (read <= 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
            offset += read;
            count -= read;
        }
    }
#endif

#if ASYNC
    /// <summary>
    /// Opens the socket, starts TLS when asked (§1.2) and does the §2 hello, never blocking a thread.
    /// <paramref name="cancellationToken"/> ends at the open's deadline (the Connect Timeout bounds the TCP connect, the
    /// TLS handshake and the hello together) or with <paramref name="callerToken"/>; the latter is a cancel, the former a timeout.
    /// </summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken, CancellationToken callerToken, string deadlineReason)
    {
        try
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _socket = socket;
#if NET5_0_OR_GREATER
            await socket.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
#else
            using (cancellationToken.Register(static state => ((Socket)state!).Dispose(), socket))
            {
                await socket.ConnectAsync(_options.Host, _options.Port).ConfigureAwait(false);
            }
#endif
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Encrypt)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, CertificateValidation.Create(_options));
#if NET5_0_OR_GREATER
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _options.HostNameInCertificate ?? _options.Host,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                }, cancellationToken).ConfigureAwait(false);
#else
                using (cancellationToken.Register(static state => ((Stream)state!).Dispose(), ssl))
                {
                    await ssl.AuthenticateAsClientAsync(_options.HostNameInCertificate ?? _options.Host, null, SslProtocols.None, false).ConfigureAwait(false);
                }
#endif
                stream = ssl;
            }
            _stream = stream;
            _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 16384));
            await WriteAsync(stream, Hello.ClientRequest.ToArray(), Hello.RequestSize, cancellationToken).ConfigureAwait(false);
            await ReadSequenceAsync(Hello.ReplySize, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when ((exception is OperationCanceledException || IsIoFailure(exception))
            && cancellationToken.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            // on netstandard2.0 the deadline disposes the socket, which surfaces as an I/O failure
            throw Break($"Cannot connect to {Endpoint}", new TimeoutException(deadlineReason, exception));
        }
        catch (Exception exception) when (IsIoFailure(exception) || exception is OperationCanceledException)
        {
            throw Break($"Cannot connect to {Endpoint}", exception);
        }
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    public async ValueTask SendAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var stream = ActiveStream();
        try
        {
            await WriteAsync(stream, buffer, count, cancellationToken).ConfigureAwait(false);
            BytesSent += count;
        }
        catch (Exception exception) when (IsIoFailure(exception) || exception is OperationCanceledException)
        {
            // a partly written message leaves the stream out of step: the connection is done
            throw Break("Sending to the server failed", exception);
        }
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private static async ValueTask WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
#if NET5_0_OR_GREATER
        await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
#else
        await stream.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
#endif
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives one whole message into <paramref name="target"/> through the connection's PipeReader. A cancelled
    /// token leaves the pipe consistent (nothing is consumed until the whole message is there), so the caller may
    /// receive again to drain the reply; any other failure breaks the transport.
    /// </summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    public async ValueTask ReceiveAsync(MessageBuffer target, CancellationToken cancellationToken)
    {
        ActiveStream();
        try
        {
            await ReadSequenceAsync(MessageHeader.Size, target, cancellationToken).ConfigureAwait(false);
            target.Length = MessageTotalLength(target.Buffer);
            BytesReceived += target.Length;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !IsBroken)
        {
            throw;
        }
        catch (Exception exception) when (IsIoFailure(exception) || exception is OperationCanceledException)
        {
            throw Break("Receiving from the server failed", exception);
        }
    }

    /// <summary>
    /// Waits until the pipe holds <paramref name="headerSize"/> bytes; with a target, reads the message length
    /// from the header and waits for the whole message, then copies it into the target's contiguous buffer.
    /// </summary>
#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private async ValueTask ReadSequenceAsync(int headerSize, MessageBuffer? target, CancellationToken cancellationToken)
    {
        var reader = _reader!;
        var total = headerSize;
        var knowsTotal = target is null;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!knowsTotal && buffer.Length >= headerSize)
            {
                target!.EnsureCapacity(headerSize, 0);
                buffer.Slice(0, headerSize).CopyTo(target.Buffer);
                total = MessageTotalLength(target.Buffer);
                knowsTotal = true;
            }
            if (knowsTotal && buffer.Length >= total)
            {
                if (target is not null)
                {
                    target.EnsureCapacity(total, 0);
                    buffer.Slice(0, total).CopyTo(target.Buffer);
                }
                reader.AdvanceTo(buffer.GetPosition(total));
                return;
            }
            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"The server closed the connection after {buffer.Length} of {total} bytes.");
            }
            // nothing consumed, everything examined: wake up when more arrives
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
#endif

    private static int NextCapacity(int current, int received, int total) =>
        (int)Math.Min(total, Math.Max((long)current * 2, received + 65536L));

    private int MessageTotalLength(byte[] headerBytes)
    {
        var header = MessageHeader.Read(headerBytes.AsSpan(0, MessageHeader.Size));
        // bounded before anything is allocated for the body
        if (header.VarPartLength > (uint)(_options.MaxMessageSize - MessageHeader.Size))
        {
            throw Break($"The server announced a message of {header.VarPartLength} bytes, more than the limit of {_options.MaxMessageSize}",
                new HanaProtocolException($"Message length {header.VarPartLength} exceeds the maximum of {_options.MaxMessageSize} bytes."));
        }
        return MessageHeader.Size + (int)header.VarPartLength;
    }

    private Stream ActiveStream()
    {
        if (_disposed != 0)
        {
            throw new ObjectDisposedException(nameof(Transport), "The connection is closed.");
        }
        if (IsBroken || _stream is null)
        {
            throw new HanaConnectionException($"The connection to {Endpoint} is broken and cannot be used.");
        }
        return _stream;
    }

    private static bool IsIoFailure(Exception exception) =>
        exception is IOException or SocketException or ObjectDisposedException or TimeoutException or AuthenticationException or InvalidOperationException;

    /// <summary>Marks the transport broken, closes the socket and returns the exception to throw.</summary>
    public HanaException Break(string message, Exception cause)
    {
        IsBroken = true;
        CloseSocket();
        if (cause is HanaException hana)
        {
            return hana;
        }
        if (cause is OperationCanceledException canceled)
        {
            return new HanaConnectionException($"{message}: the operation was canceled; the connection was closed.", canceled);
        }
        var timedOut = cause is TimeoutException || cause.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut }
            || cause is SocketException { SocketErrorCode: SocketError.TimedOut };
        // say what timed out (connect, statement, fetch, LOB, release) when a deadline was running
        // the driver's own TimeoutExceptions name what timed out; a socket timeout is the deadline running (sync)
        var reason = cause is TimeoutException ? cause.Message : timedOut ? DeadlineReason ?? "timed out" : cause.Message;
        return new HanaConnectionException($"{message}: {reason.TrimEnd('.')}.", cause);
    }

#if SYNC
    private string? DeadlineReason => _deadlineReason;
#else
    // the async flavor's deadlines are tokens; their TimeoutExceptions carry the reason
    private string? DeadlineReason => null;
#endif

    private void CloseSocket()
    {
#if ASYNC
        try
        {
            _reader?.Complete();
        }
        catch (InvalidOperationException)
        {
            // a read is still pending; disposing the stream below ends it
        }
#endif
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // closing a dead socket has nothing left to report
        }
        _socket?.Dispose();
    }

    /// <summary>
    /// A cheap check of an idle connection (the pool asks before handing it out, a request before it is built):
    /// between requests the server sends nothing (§1.3), so a socket that polls readable was either closed by the
    /// peer or holds bytes no request asked for (a reply sent twice, the tail of a misframed one). Either way the
    /// next reply read would not be the next request's: dead. Driver.Async also looks at what its PipeReader has
    /// buffered beyond the last message. TLS 1.3 session tickets arrive right after the handshake and are consumed
    /// with the hello reply, long before a session is idle. Never blocks.
    /// </summary>
    public bool IsIdleSocketDead()
    {
        if (_socket is not { } socket || IsBroken || _disposed != 0)
        {
            return true;
        }
        try
        {
#if ASYNC
            if (_reader is { } reader && reader.TryRead(out var buffered))
            {
                var unread = !buffered.Buffer.IsEmpty || buffered.IsCompleted;
                // consumed and examined nothing: the next ReceiveAsync sees the same bytes
                reader.AdvanceTo(buffered.Buffer.Start);
                if (unread)
                {
                    return true;
                }
            }
#endif
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CloseSocket();
        }
    }
}
