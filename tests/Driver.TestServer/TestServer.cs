using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Driver.TestServer.Wire;

namespace Driver.TestServer;

/// <summary>
/// A HANA wire-protocol server over an embedded DuckDB, for tests, benchmarks and examples.
/// <code>await using var server = await TestServer.StartAsync();</code>
/// Each accepted connection is served on its own task; one in-memory database is shared by all sessions.
/// </summary>
public sealed partial class TestServer : IAsyncDisposable
{
    /// <summary>The password of the default user SYSTEM.</summary>
    public const string DefaultPassword = "Manager1";

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, ServerConnection> _connections = new();
    private long _nextSessionId = 200000 + Environment.TickCount % 1000 * 1000;
    private int _disposed;

    private TestServer(TestServerOptions options)
    {
        Options = options;
        Backend = new ServerBackend(options);
        _listeners = CreateListeners(options);
        try
        {
            foreach (var listener in _listeners)
            {
                listener.Start();
            }
        }
        catch
        {
            foreach (var listener in _listeners)
            {
                _ = listener.StopAsync();
            }
            Backend.Dispose();
            throw;
        }
        Port = _listeners[0].Port;
        if (options.RedirectAtAuthenticate && SystemDatabase is { } systemDatabase)
        {
            // the first tenant is served by the nodes: its master's port
            systemDatabase.RedirectsTo = _listeners[0];
        }
        RefreshServices();
    }

    /// <summary>The options the server was started with.</summary>
    public TestServerOptions Options { get; }

    /// <summary>The port the server listens on (node 1's port when there are several nodes).</summary>
    public int Port { get; }

    /// <summary>The host clients connect to.</summary>
    public string Host => Options.BindAddress.Equals(IPAddress.Any) ? "127.0.0.1" : Options.BindAddress.ToString();

    /// <summary>A connection string for the default user (keys as SAP's provider spells them).</summary>
    public string ConnectionString =>
        $"Server={Host}:{Port};UserName=SYSTEM;Password={(Options.Users.TryGetValue("SYSTEM", out var password) ? password : DefaultPassword)}" +
        (Options.Certificate is null ? string.Empty : ";Encrypt=true");

    /// <summary>Faults to inject into sessions, for failure tests; nothing is injected by default.</summary>
    public FaultInjection Faults { get; } = new();

    /// <summary>Number of sessions currently connected.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Connection ids of the sessions past CONNECT right now (for faults aimed at a random live session).</summary>
    public IReadOnlyList<int> LiveConnectionIds() =>
        _connections.Values.Select(connection => connection.Session.ConnectionId).Where(id => id != 0).ToList();

    internal ServerBackend Backend { get; }

    /// <summary>Starts a server on a free loopback port (or the configured one).</summary>
    public static Task<TestServer> StartAsync(TestServerOptions? options = null)
    {
        options ??= new TestServerOptions();
        if (options.Nodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Nodes, "TestServerOptions.Nodes must be 1 or more.");
        }
        return Task.FromResult(new TestServer(options));
    }

    /// <summary>A connection accepted by one of the listeners: served on its own task until it ends.</summary>
    internal void Accept(Socket socket, TestServerNode listener)
    {
        if (Faults.RejectNewConnections)
        {
            socket.Dispose();
            return;
        }
        socket.NoDelay = true;
        var sessionId = Interlocked.Increment(ref _nextSessionId);
        var connection = new ServerConnection(this, socket, sessionId, Faults.TakeForNewConnection()) { Listener = listener };
        _connections[sessionId] = connection;
        _ = Task.Run(async () =>
        {
            try
            {
                if (!listener.IsUp)
                {
                    // the listener stopped while this session was being accepted
                    connection.Abort();
                    return;
                }
                await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                _connections.TryRemove(sessionId, out _);
            }
        });
    }

    internal IEnumerable<ServerConnection> Connections => _connections.Values;

    internal ServerConnection? FindConnection(int connectionId) =>
        _connections.Values.FirstOrDefault(connection => connection.Session.ConnectionId == connectionId);

    /// <summary>
    /// The isolation level the server keeps for the session with this connection id (as SET TRANSACTION ISOLATION
    /// LEVEL left it, e.g. "READ COMMITTED"); null when no such session is open. Lets tests see the server's side.
    /// </summary>
    public string? IsolationLevelOf(int connectionId) => FindConnection(connectionId)?.Session.IsolationLevel;

    /// <summary>
    /// The compression flags (connect option 49, §11.1) the client of this connection id sent at CONNECT; null when it
    /// sent none or no such session is open. Lets tests see what a client offered.
    /// </summary>
    public int? CompressionOfferOf(int connectionId) =>
        FindConnection(connectionId)?.Session.ClientConnectOptions is { } options && options.TryGet((int)Driver.Core.Protocol.ConnectOptionId.CompressionLevelAndFlags, out var value)
            ? value.AsInt32()
            : null;

    /// <summary>Closes every session abruptly and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        foreach (var listener in _listeners)
        {
            await listener.StopAsync().ConfigureAwait(false);
        }
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_connections.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
        Backend.Dispose();
        _stopping.Dispose();
    }
}
