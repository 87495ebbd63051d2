using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Driver.Tests.Reliability;

/// <summary>
/// A loopback TCP proxy in front of a test server that hands every whole reply message (header + body, §3.1) to a
/// rewrite function before passing it on: the way to make a real server say what a hostile one would.
/// Requests pass unchanged. Uncompressed sessions only (the rewrite sees the bytes as sent).
/// </summary>
public sealed class ReplyRewritingProxy : IDisposable
{
    private const int MessageHeaderSize = 32;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly Func<byte[], byte[]> _rewrite;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = new();

    public ReplyRewritingProxy(int targetPort, Func<byte[], byte[]> rewrite)
    {
        _targetPort = targetPort;
        _rewrite = rewrite;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }
                _ = PumpAsync(client, server, rewrite: false);
                _ = PumpAsync(server, client, rewrite: true);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool rewrite)
    {
        try
        {
            if (!rewrite)
            {
                var buffer = new byte[65536];
                int read;
                while ((read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
                return;
            }
            // the 8-byte hello reply (§2) first, then whole messages
            var hello = await ReadExactlyAsync(from, 8);
            await to.SendAsync(hello, SocketFlags.None, _stop.Token);
            while (true)
            {
                var header = await ReadExactlyAsync(from, MessageHeaderSize);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
                var body = await ReadExactlyAsync(from, length);
                var message = new byte[MessageHeaderSize + length];
                header.CopyTo(message, 0);
                body.CopyTo(message, MessageHeaderSize);
                await to.SendAsync(_rewrite(message), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        var offset = 0;
        while (offset < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }
            offset += read;
        }
        return buffer;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(socket => socket.Dispose());
        }
        _stop.Dispose();
    }
}
