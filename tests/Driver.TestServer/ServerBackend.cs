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
    }

    public TestServerOptions Options { get; }
    public HanaEngine Engine { get; }

    /// <summary>Statement ids, result-set ids and LOB locators come from one counter (§6.2: opaque 8 bytes).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public void OpenSession(ServerSession session) =>
        session.AttachEngine(Engine.OpenSession(session.UserName ?? "SYSTEM", session.Connection.RemoteHost, 0));

    public void CloseSession(ServerSession session) => session.Close();

    public void Dispose() => Engine.Dispose();
}
