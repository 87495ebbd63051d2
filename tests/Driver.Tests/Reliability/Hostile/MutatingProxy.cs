using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Driver.Tests.Reliability;

/// <summary>
/// A TCP proxy on loopback in front of a real test server that forwards every byte unchanged except ONE reply:
/// the <see cref="MutationPlan.ReplyIndex"/>-th reply message counted over all connections through the proxy
/// (the hello is not counted). Requests are framed only to know which request each reply answers.
/// The server needs no change, and the driver sees exactly what a lying or broken server would send.
/// </summary>
public sealed class MutatingProxy : IAsyncDisposable
{
    private const int HelloRequestSize = 14;
    private const int HelloReplySize = 8;
    private const int HeaderSize = 32;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Server)> _connections = new();
    private readonly ConcurrentQueue<ProxiedReply> _replies = new();
    private readonly Task _acceptLoop;
    private Func<ProxiedReply, bool>? _match;
    private readonly Func<byte[], MutatedReply> _edit;
    private int _nextReply;
    private int _nextConnection;
    private long _bytesToClient;
    private int _disposed;

    public MutatingProxy(string upstreamHost, int upstreamPort, MutationPlan? plan)
        : this(upstreamHost, upstreamPort, plan is null ? null : reply => reply.Index == plan.ReplyIndex,
            bytes => ReplyMutator.Apply(bytes, plan!.Class, plan.Seed))
    {
    }

    /// <summary>A proxy that edits the first reply <paramref name="match"/> accepts (the defect tests' targeted faults).</summary>
    public MutatingProxy(string upstreamHost, int upstreamPort, Func<ProxiedReply, bool>? match, Func<byte[], MutatedReply> edit)
    {
        _match = match;
        _edit = edit;
        _upstream = new IPEndPoint(IPAddress.Parse(upstreamHost), upstreamPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(64);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>The mutation applied, once it was (null until then, and for a plan whose reply never came).</summary>
    public MutatedReply? Applied { get; private set; }

    /// <summary>The replies forwarded so far, in order.</summary>
    public IReadOnlyList<ProxiedReply> Replies => _replies.ToArray();

    /// <summary>Bytes sent to clients (what the driver received, at most).</summary>
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _nextConnection);

    /// <summary>Stops mutating (a plan not yet applied is dropped): what follows is forwarded unchanged.</summary>
    public void Disarm() => _match = null;

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var id = Interlocked.Increment(ref _nextConnection);
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _connections[id] = (client, server);
        var requests = new ConcurrentQueue<byte>();
        try
        {
            await server.ConnectAsync(_upstream, _stopping.Token).ConfigureAwait(false);
            var up = PumpRequestsAsync(client, server, requests);
            var down = PumpRepliesAsync(id, server, client, requests);
            // either side ending ends the connection: the other pump then fails on its closed socket
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // a proxy connection ends however its sockets end; the driver's view is what the test judges
        }
        finally
        {
            _connections.TryRemove(id, out _);
            Close(client);
            Close(server);
        }
    }

    private async Task PumpRequestsAsync(Socket client, Socket server, ConcurrentQueue<byte> requests)
    {
        var hello = new byte[HelloRequestSize];
        await ReadExactlyAsync(client, hello, HelloRequestSize).ConfigureAwait(false);
        await SendAsync(server, hello, HelloRequestSize).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = await ReadMessageAsync(client, buffer).ConfigureAwait(false);
            buffer = message.Buffer;
            if (message.Length >= HeaderSize + 14)
            {
                requests.Enqueue(buffer[HeaderSize + 13]);
            }
            await SendAsync(server, buffer, message.Length).ConfigureAwait(false);
        }
    }

    private async Task PumpRepliesAsync(int connection, Socket server, Socket client, ConcurrentQueue<byte> requests)
    {
        var hello = new byte[HelloReplySize];
        await ReadExactlyAsync(server, hello, HelloReplySize).ConfigureAwait(false);
        await SendToClientAsync(client, hello, HelloReplySize).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = await ReadMessageAsync(server, buffer).ConfigureAwait(false);
            buffer = message.Buffer;
            var index = Interlocked.Increment(ref _nextReply) - 1;
            requests.TryDequeue(out var requestType);
            var reply = new ProxiedReply(index, connection, requestType, message.Length, buffer[22] == 2);
            _replies.Enqueue(reply);
            var match = _match;
            if (match is null || !match(reply) || Interlocked.CompareExchange(ref _match, null, match) != match)
            {
                await SendToClientAsync(client, buffer, message.Length).ConfigureAwait(false);
                continue;
            }
            var mutated = _edit(buffer.AsSpan(0, message.Length).ToArray());
            Applied = mutated;
            await SendToClientAsync(client, mutated.Bytes, mutated.Bytes.Length).ConfigureAwait(false);
            if (mutated.SendTwice)
            {
                await SendToClientAsync(client, mutated.Bytes, mutated.Bytes.Length).ConfigureAwait(false);
            }
            if (mutated.Ending == ReplyEnding.Close)
            {
                client.Shutdown(SocketShutdown.Both);
                return;
            }
            if (mutated.Ending == ReplyEnding.Stall)
            {
                // swallow whatever the server sends until the client gives up and closes its socket
                var sink = new byte[16 * 1024];
                while (await server.ReceiveAsync(sink.AsMemory(), SocketFlags.None, _stopping.Token).ConfigureAwait(false) > 0)
                {
                }
                await Task.Delay(Timeout.Infinite, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task SendToClientAsync(Socket client, byte[] buffer, int count)
    {
        await SendAsync(client, buffer, count).ConfigureAwait(false);
        Interlocked.Add(ref _bytesToClient, count);
    }

    private async Task SendAsync(Socket socket, byte[] buffer, int count)
    {
        var sent = 0;
        while (sent < count)
        {
            sent += await socket.SendAsync(buffer.AsMemory(sent, count - sent), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task<(byte[] Buffer, int Length)> ReadMessageAsync(Socket socket, byte[] buffer)
    {
        await ReadExactlyAsync(socket, buffer, HeaderSize).ConfigureAwait(false);
        var length = HeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12));
        if (length > 1 << 30)
        {
            throw new InvalidDataException($"message of {length} bytes");
        }
        if (buffer.Length < length)
        {
            var larger = new byte[length];
            buffer.AsSpan(0, HeaderSize).CopyTo(larger);
            buffer = larger;
        }
        await ReadExactlyAsync(socket, buffer.AsMemory(HeaderSize, (int)length - HeaderSize)).ConfigureAwait(false);
        return (buffer, (int)length);
    }

    private Task ReadExactlyAsync(Socket socket, byte[] buffer, int count) => ReadExactlyAsync(socket, buffer.AsMemory(0, count));

    private async Task ReadExactlyAsync(Socket socket, Memory<byte> target)
    {
        while (target.Length > 0)
        {
            var read = await socket.ReceiveAsync(target, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }
            target = target.Slice(read);
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        _listener.Stop();
        foreach (var (client, server) in _connections.Values)
        {
            Close(client);
            Close(server);
        }
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }
}
