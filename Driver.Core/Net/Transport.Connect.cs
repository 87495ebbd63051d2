using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Driver.Core.Protocol;
#if ASYNC
using System.IO.Pipelines;
#endif

namespace Driver.Core.Net;

// Opening the connection: the TCP connect, TLS (§1.2) and the §2 hello, all bounded by the Connect Timeout.
internal sealed partial class Transport
{
#if ASYNC
    // created over the connected stream by ConnectAsync; ReceiveAsync reads every reply through it
    private PipeReader? _reader;
    // the pipe holds bytes past the last message read, or saw the stream end (set by ReadSequenceAsync)
    private bool _pipeHoldsUnread;
    // a large message being read straight into its target, past the pipe (Transport.SendReceive.cs ReadDirectAsync)
    private MessageBuffer? _directTarget;
    private int _directReceived;
    private int _directTotal;
    /// <summary>Bytes still to come beyond which a message is read straight into its target.</summary>
    private const int DirectReadThreshold = 64 * 1024;
#endif

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
            _options.KeepAlive?.Apply(socket);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Encrypt)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, CertificateValidation.Create(_options), CertificateValidation.SelectClientCertificate(_options));
                // the handshake reads through the NetworkStream, so the socket timeout set here bounds each of them
                ApplyDeadline();
                ssl.AuthenticateAsClient(_options.HostNameInCertificate ?? _options.Host, CertificateValidation.ClientCertificates(_options), SslProtocols.None, checkCertificateRevocation: false);
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
            _options.KeepAlive?.Apply(socket);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Encrypt)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, CertificateValidation.Create(_options), CertificateValidation.SelectClientCertificate(_options));
#if NET5_0_OR_GREATER
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _options.HostNameInCertificate ?? _options.Host,
                    ClientCertificates = CertificateValidation.ClientCertificates(_options),
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                }, cancellationToken).ConfigureAwait(false);
#else
                using (cancellationToken.Register(static state => ((Stream)state!).Dispose(), ssl))
                {
                    await ssl.AuthenticateAsClientAsync(_options.HostNameInCertificate ?? _options.Host, CertificateValidation.ClientCertificates(_options), SslProtocols.None, false).ConfigureAwait(false);
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
#endif
}
