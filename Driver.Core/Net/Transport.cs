using System.Net.Sockets;
using System.Security.Authentication;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Net;

// This file: the connection's state, failures, the idle check and closing. Transport.Connect.cs opens it (TCP, TLS,
// hello), Transport.SendReceive.cs moves whole messages, Transport.Deadlines.cs bounds the sync flavor's waits.
/// <summary>
/// The only I/O of the driver: one TCP (optionally TLS) connection that sends whole messages and receives
/// whole messages. Each operation exists once per flavor, side by side: <c>ConnectSync</c>/<c>ConnectAsync</c>,
/// <c>SendSync</c>/<c>SendAsync</c>, <c>ReceiveSync</c>/<c>ReceiveAsync</c>. Framing, compression and parsing
/// happen elsewhere, synchronously, over the buffers this class fills.
/// Any failure marks the transport broken; a broken transport is never used again.
/// </summary>
internal sealed partial class Transport : IDisposable
{
    private readonly TransportOptions _options;
    private Socket? _socket;
    private Stream? _stream;
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
            // bytes left in the pipe after the last reply, or the stream's end seen (ReadSequenceAsync keeps this:
            // asking the pipe itself, TryRead, takes its lock before every request)
            if (_pipeHoldsUnread)
            {
                return true;
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
