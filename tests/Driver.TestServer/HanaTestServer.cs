namespace Driver.TestServer;

/// <summary>
/// The front door of the ManagedHana.TestServer package: a HANA wire-protocol server over an embedded, in-memory
/// DuckDB, for an application's own tests, from any test framework (docs/testing-your-app.md).
/// <code>
/// await using var server = await HanaTestServer.StartAsync();
/// using var connection = new Driver.Sync.HanaConnection(server.ConnectionString);
/// </code>
/// Each server is its own database: start one per test class (or per test) and nothing leaks between them.
/// </summary>
public sealed class HanaTestServer : IAsyncDisposable
{
    private readonly TestServer _server;

    private HanaTestServer(TestServer server)
    {
        _server = server;
    }

    /// <summary>
    /// Starts a server on a free loopback port (unless <paramref name="options"/> names one), listening before this
    /// returns. Without options: user SYSTEM with password <see cref="TestServer.DefaultPassword"/>, no TLS, LZ4
    /// compression allowed, data format version 8.
    /// </summary>
    public static async Task<HanaTestServer> StartAsync(TestServerOptions? options = null) =>
        new(await TestServer.StartAsync(options).ConfigureAwait(false));

    /// <summary>A connection string for user SYSTEM, as both drivers read it (with <c>Encrypt=true</c> when the server speaks TLS).</summary>
    public string ConnectionString => _server.ConnectionString;

    /// <summary>The host clients connect to (a loopback address by default).</summary>
    public string Host => _server.Host;

    /// <summary>The port the server listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Sessions connected right now (0 once every client has closed, for leak checks in tests).</summary>
    public int ConnectionCount => _server.ConnectionCount;

    /// <summary>The server underneath, with fault injection and the server's view of sessions, for failure tests.</summary>
    public TestServer Server => _server;

    /// <summary>Stops listening and closes every session abruptly; the in-memory database is gone.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
