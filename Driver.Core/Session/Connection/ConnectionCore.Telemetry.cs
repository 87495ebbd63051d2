namespace Driver.Core.Session;

// What traces and logs name a session by (server.address, server.port).
internal sealed partial class ConnectionCore
{
    /// <summary>The host of the endpoint this session connected to (one of the connection string's Server list).</summary>
    public string Host => _host;

    /// <summary>The port of the endpoint this session connected to.</summary>
    public int Port => _port;
}
