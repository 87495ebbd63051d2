using Driver.Core.Protocol.Parts;

namespace Driver.TestServer.Wire;

/// <summary>What the server knows about one client session: login state and negotiated options.</summary>
internal sealed class ServerSession
{
    private static int s_nextConnectionId = 300000;

    public ServerSession(TestServer server, ServerConnection connection, long sessionId)
    {
        Server = server;
        Connection = connection;
        SessionId = sessionId;
    }

    public TestServer Server { get; }
    public ServerConnection Connection { get; }

    /// <summary>The positive session id put in every reply header from CONNECT on (§3.1).</summary>
    public long SessionId { get; }

    /// <summary>The connection id reported in connect option 1; 0 until CONNECT succeeded.</summary>
    public int ConnectionId { get; private set; }

    public bool IsAuthenticated => ConnectionId != 0;
    public string? UserName { get; set; }
    public int DataFormatVersion { get; set; } = 1;
    public bool CompressionEnabled { get; set; }
    public OptionSet? ClientConnectOptions { get; set; }
    public List<KeyValuePair<string, string?>> ClientInfo { get; } = new();

    /// <summary>The authentication exchange in progress between AUTHENTICATE and CONNECT.</summary>
    public object? PendingAuthentication { get; set; }

    public void MarkConnected() => ConnectionId = Interlocked.Increment(ref s_nextConnectionId);

    /// <summary>Releases everything the session holds on the server (statements, cursors, transaction).</summary>
    public void Close() => Server.Backend.CloseSession(this);
}
