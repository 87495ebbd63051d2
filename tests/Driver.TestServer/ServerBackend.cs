using Driver.TestServer.Engine;
using Driver.TestServer.Wire;

namespace Driver.TestServer;

/// <summary>The SQL side of the server: one shared DuckDB engine, one engine session per client session.</summary>
internal sealed class ServerBackend : IDisposable
{
    private long _nextId = 0x10000;

    public ServerBackend(TestServerOptions options)
    {
        Options = options;
        Engine = new HanaEngine();
        foreach (var user in options.Users.Keys)
        {
            Engine.RegisterUser(user);
        }
        Services = new ServiceCatalog(Engine);
    }

    public TestServerOptions Options { get; }
    public HanaEngine Engine { get; }

    /// <summary>SYS.M_SERVICES and SYS.M_DATABASE (docs/scale-out.md).</summary>
    public ServiceCatalog Services { get; }

    /// <summary>Statement ids, result-set ids and LOB locators come from one counter (§6.2: opaque 8 bytes).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public void OpenSession(ServerSession session)
    {
        session.AttachEngine(Engine.OpenSession(session.UserName ?? "SYSTEM", session.Connection.RemoteHost, 0));
        Services.Opened(session.Sql.ConnectionId, session.Connection.Listener.DatabaseName);
    }

    public void CloseSession(ServerSession session) => session.Close();

    public void Dispose()
    {
        Services.Dispose();
        Engine.Dispose();
    }
}
