using Driver.TestServer.Wire;

namespace Driver.TestServer;

/// <summary>The SQL side of the server: the shared DuckDB engine and each session's statements and cursors.</summary>
internal sealed class ServerBackend : IDisposable
{
    public ServerBackend(TestServerOptions options)
    {
        Options = options;
    }

    public TestServerOptions Options { get; }

    public void OpenSession(ServerSession session)
    {
    }

    public void CloseSession(ServerSession session)
    {
    }

    public void Dispose()
    {
    }
}
