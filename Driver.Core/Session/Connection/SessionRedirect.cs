#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// The server sent the open elsewhere (§13.3: DBCONNECTINFO, or ERROR + DBCONNECTINFO at AUTHENTICATE).
/// SessionOpening follows it once; anything that opens a session without it sees a connection failure that says where
/// the server pointed.
/// </summary>
internal sealed class SessionRedirect : HanaConnectionException
{
    public SessionRedirect(string fromHost, int fromPort, string host, int port, bool atAuthenticate, Exception? innerException = null)
        : base($"The server at {fromHost}:{fromPort} redirected the connection to {host}:{port} ({(atAuthenticate ? "at AUTHENTICATE" : "DBCONNECTINFO")}, tenant redirect).", innerException)
    {
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }
}
