using System.Net;
using System.Net.Sockets;

namespace Driver.TestServer;

/// <summary>
/// One listener of a <see cref="TestServer"/>: an index-server node, a tenant's port or the system database's port
/// (docs/scale-out.md). Stopping it closes its listener and every session connected through it; starting it again
/// listens on the same address and port.
/// </summary>
public sealed class TestServerNode
{
    private readonly TestServer _server;
    private readonly object _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task _acceptLoop = Task.CompletedTask;

    internal TestServerNode(TestServer server, TestServerRole role, int number, string databaseName, IPAddress address, int port, int volumeId)
    {
        _server = server;
        Role = role;
        Number = number;
        DatabaseName = databaseName;
        Address = address;
        Port = port;
        VolumeId = volumeId;
    }

    /// <summary>Node, tenant port or system-database port.</summary>
    public TestServerRole Role { get; }

    /// <summary>The node's number, 1-based (node 1 listens on the configured port); 0 for other listeners.</summary>
    public int Number { get; }

    /// <summary>The database the sessions on this listener are in (SYS.M_DATABASE.DATABASE_NAME).</summary>
    public string DatabaseName { get; }

    /// <summary>The address the listener binds.</summary>
    public IPAddress Address { get; }

    /// <summary>The host clients connect to (the host name TOPOLOGYINFORMATION reports).</summary>
    public string Host => Address.Equals(IPAddress.Any) ? "127.0.0.1" : Address.ToString();

    /// <summary>The port (kept across a stop and a start).</summary>
    public int Port { get; private set; }

    /// <summary>The volume id TOPOLOGYINFORMATION reports and TABLELOCATION names (§6.17, §6.19): the node's number.</summary>
    public int VolumeId { get; }

    /// <summary>Whether the listener accepts connections.</summary>
    public bool IsUp { get; private set; }

    /// <summary>Whether the node is the master (coordinator) of the scale-out system.</summary>
    public bool IsMaster { get; internal set; }

    /// <summary>The load factor TOPOLOGYINFORMATION reports (1.0 unless set through <see cref="TestServer.SetLoadFactor"/>).</summary>
    public double LoadFactor { get; internal set; } = 1.0;

    /// <summary>
    /// When set, this listener answers every AUTHENTICATE with ERROR + DBCONNECTINFO naming that listener (the
    /// implicit redirect, §13.3), for redirect tests: two listeners naming each other make a redirect loop. The
    /// system database's port starts out naming the first tenant with <see cref="TestServerOptions.RedirectAtAuthenticate"/>.
    /// </summary>
    public TestServerNode? RedirectsTo { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Role switch
    {
        TestServerRole.Node => $"{Host}:{Port} (node {Number})",
        TestServerRole.SystemDatabase => $"{Host}:{Port} (system database)",
        _ => $"{Host}:{Port} (tenant {DatabaseName})",
    };

    internal void Start()
    {
        lock (_gate)
        {
            if (IsUp)
            {
                return;
            }
            var listener = new TcpListener(Address, Port);
            listener.Server.NoDelay = true;
            if (Port != 0)
            {
                // a restarted node takes its port back while old sockets linger in TIME_WAIT
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }
            listener.Start(512);
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stopping = new CancellationTokenSource();
            IsUp = true;
            var token = _stopping.Token;
            _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, token));
        }
    }

    /// <summary>Stops listening and aborts every session connected through this listener.</summary>
    internal async Task StopAsync()
    {
        Task loop;
        lock (_gate)
        {
            if (!IsUp)
            {
                return;
            }
            IsUp = false;
            _stopping!.Cancel();
            _listener!.Stop();
            loop = _acceptLoop;
        }
        foreach (var connection in _server.Connections.Where(c => c.Listener == this))
        {
            connection.Abort();
        }
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        // a session whose request was being handled when its socket went finishes that request (the engine call is
        // synchronous), then ends: its open transaction is rolled back as the session closes. Wait for that, so that
        // once the stop returns no session of the node runs or holds uncommitted work, as after a node's crash
        // (bounded: a stop never hangs on a session)
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_server.Connections.Any(c => c.Listener == this) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _server.Accept(socket, this);
        }
    }
}
